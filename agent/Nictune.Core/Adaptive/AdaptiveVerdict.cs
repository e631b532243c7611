using System.Globalization;
using Nictune.Core.Planning;

namespace Nictune.Core.Adaptive;

/// <summary>One decision about one interface.</summary>
/// <param name="Device">The interface.</param>
/// <param name="Action">What to do.</param>
/// <param name="Current">Its rx ring size now.</param>
/// <param name="Target">The size to grow to (Suggest, Apply); null for AtMaximum and NotHelping.</param>
/// <param name="Maximum">The driver's maximum.</param>
/// <param name="Rate">The drops that led here.</param>
/// <param name="Reason">Why, in words: for a suggestion, also why it was not applied.</param>
public sealed record AdaptiveVerdict(string Device, AdaptiveAction Action, long Current, long? Target, long Maximum, DropRate Rate, string Reason)
{
    /// <summary>The setting adaptive changes.</summary>
    public const string Setting = SettingNames.RingRx;

    /// <summary>The profile line that would make a suggestion permanent, under the interface's rule.</summary>
    public string? ProfileLine => Target is { } target
        ? string.Create(CultureInfo.InvariantCulture, $"ring: {{ rx: {target} }}")
        : null;
}
