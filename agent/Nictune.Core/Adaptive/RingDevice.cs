namespace Nictune.Core.Adaptive;

/// <summary>An interface whose rx ring the active profile manages, as the daemon sees it at one pass.</summary>
/// <param name="Name">The interface.</param>
/// <param name="Driver">Its driver (rounding and link-reset rules).</param>
/// <param name="Mtu">Its MTU, when known.</param>
/// <param name="CurrentRx">The rx ring size it holds.</param>
/// <param name="MaximumRx">The maximum its driver reports.</param>
public sealed record RingDevice(string Name, string? Driver, int? Mtu, long CurrentRx, long MaximumRx);
