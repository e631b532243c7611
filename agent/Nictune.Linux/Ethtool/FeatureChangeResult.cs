namespace Nictune.Linux.Ethtool;

/// <summary>
/// What ETHTOOL_SFEATURES did. <see cref="Changed"/>: every feature whose active state changed, including ones the
/// kernel changed as dependents (turning off <c>tx-scatter-gather</c> also turns off segmentation offloads).
/// <see cref="Refused"/>: requested features whose active state is not what was asked.
/// </summary>
public sealed record FeatureChangeResult(
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Refused,
    FeatureChangeWarnings Warnings);
