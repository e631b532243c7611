using System.Globalization;

namespace Nictune.Linux.State;

/// <summary>Who holds a state directory's lock, as the holder recorded it (either part may be unknown).</summary>
/// <param name="Pid">The holder's process id.</param>
/// <param name="What">What the holder is, e.g. "nictune run" or "nictune apply".</param>
public sealed record LockHolder(int? Pid, string? What)
{
    /// <summary>"nictune run (pid 1234)", or as much of it as is known.</summary>
    public override string ToString() => (What ?? "another nictune process") +
        (Pid is { } pid ? string.Create(CultureInfo.InvariantCulture, $" (pid {pid})") : string.Empty);
}
