namespace Nictune.Host.Daemon;

/// <summary>What a tune did, for the STATUS= line systemd shows and for the log.</summary>
/// <param name="Profile">The profile applied (resolved, when the configuration says <c>auto</c>).</param>
/// <param name="Interfaces">Interfaces the profile covered.</param>
/// <param name="SettingsChanged">Settings written (in observe mode: that would have been written).</param>
/// <param name="SettingsFailed">Settings that could not be applied and were rolled back or skipped.</param>
public sealed record TuneSummary(string Profile, int Interfaces, int SettingsChanged, int SettingsFailed);
