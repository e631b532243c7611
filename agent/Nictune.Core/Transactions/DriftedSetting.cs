namespace Nictune.Core.Transactions;

/// <summary>
/// A managed setting that does not hold the profile's value after the last pass: every difference in observe mode;
/// in enforce mode, what the pass did not bring to the profile's value (set aside, failed, rolled back, not
/// attempted). <c>GetStatus</c>'s drifted list and <c>nictune_drifted{device,setting}</c>.
/// </summary>
/// <param name="Device">The interface, or null for a sysctl.</param>
/// <param name="Setting">The setting's name as plans show it (<c>ring.rx</c>, <c>feature.rx-gro</c>, <c>net.core.somaxconn</c>).</param>
/// <param name="Value">What the kernel holds, when known.</param>
/// <param name="Wanted">What the profile wants.</param>
public sealed record DriftedSetting(string? Device, string Setting, string? Value, string? Wanted);
