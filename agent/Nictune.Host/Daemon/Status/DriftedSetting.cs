namespace Nictune.Host.Daemon.Status;

/// <summary>A managed setting that does not hold the profile's value after the last pass (observe mode, or set aside).</summary>
/// <param name="Device">The interface, or null for a sysctl.</param>
public sealed record DriftedSetting(string? Device, string Setting, string? Value, string? Wanted);
