using Nictune.Core.Profiles;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Tuning;

/// <summary>
/// Which profile the agent applies: a profile pushed earlier (persisted as <see cref="PushedProfileFile"/> in the state
/// directory) wins over the configuration, and the configuration wins over <c>auto</c>.
/// </summary>
internal static class ProfileSelection
{
    /// <summary>
    /// Where a pushed profile is kept, so that it survives restarts: one <c>NAME.yaml</c> in this directory of the
    /// state directory (a profile's name must match its file name, so the pushed file keeps its own name).
    /// </summary>
    public const string PushedDirectory = "pushed";

    /// <summary>The profile to apply, read afresh from disk, with <c>extends</c> resolved. Throws <see cref="ProfileException"/>.</summary>
    public static Profile Load(string stateDirectory, string configured, ProfileCatalog catalog) =>
        catalog.Load(Pushed(stateDirectory) ?? configured);

    private static string? Pushed(string stateDirectory)
    {
        var directory = Path.Join(stateDirectory, PushedDirectory);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
    }
}
