namespace Nictune.Protocol.Metrics;

/// <summary>A managed setting that differs from the profile: <c>nictune_drifted{device,setting} 1</c>.</summary>
/// <param name="Device">The interface, or empty for a sysctl.</param>
/// <param name="Setting">The setting's name as plans show it (<c>ring.rx</c>, <c>feature.rx-gro</c>, <c>net.core.somaxconn</c>).</param>
public readonly record struct DriftedSetting(string Device, string Setting);
