namespace Nictune.Host.Daemon.Status;

/// <summary>
/// The pushed store as the work loop last read it (at each configuration, push and unpush), so that status, listing
/// and metrics calls never read the files themselves.
/// </summary>
/// <param name="Generation">The pushed-profile generation.</param>
/// <param name="Name">The pushed profile's name, or null when none is pushed (or the store cannot be read).</param>
/// <param name="Text">Its text.</param>
/// <param name="Problem">Why the pushed profile cannot be used (naming the file, never quoting it), or null.</param>
public sealed record PushedStatus(ulong Generation, string? Name, string? Text, string? Problem)
{
    public static PushedStatus Empty { get; } = new(0, null, null, null);
}
