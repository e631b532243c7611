using Nictune.Core.Profiles;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Tuning;

/// <summary>
/// Which profile the agent applies: a profile pushed earlier (persisted as <see cref="PushedProfileFile"/> in the state
/// directory) wins over the configuration, and the configuration wins over <c>auto</c>.
/// </summary>
internal static class ProfileSelection
{
    /// <summary>Where a pushed profile is kept, so that it survives restarts.</summary>
    public const string PushedProfileFile = "pushed-profile.yaml";

    /// <summary>The profile to apply, read afresh from disk, with <c>extends</c> resolved. Throws <see cref="ProfileException"/>.</summary>
    public static Profile Load(string stateDirectory, string configured, ProfileCatalog catalog)
    {
        var pushed = Path.Join(stateDirectory, PushedProfileFile);
        return catalog.Load(File.Exists(pushed) ? pushed : configured);
    }
}
