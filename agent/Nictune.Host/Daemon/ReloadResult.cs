namespace Nictune.Host.Daemon;

/// <summary>How a reload ended.</summary>
/// <param name="Accepted">The new configuration is in force.</param>
/// <param name="Summary">What the reload's pass did, when accepted.</param>
/// <param name="Problems">Why not: the file:line: key problems of an invalid file, or the failure that kept the old configuration.</param>
public sealed record ReloadResult(bool Accepted, TuneSummary? Summary, string? Problems);
