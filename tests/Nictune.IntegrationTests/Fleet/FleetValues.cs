namespace Nictune.IntegrationTests.Fleet;

/// <summary>What one agent's namespace holds for the settings the fleet's profiles manage, as the real tools print them.</summary>
internal sealed record FleetValues(string Somaxconn, string TxQueueLength, string Gro, string Tso);
