using Nictune.Core.Profiles;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Tuning;

/// <summary>
/// Which profile the agent applies: the one profile pushed through the API (kept by <see cref="PushedProfileStore"/>
/// in the state directory, so it survives restarts) wins over the configuration, and the configuration wins over
/// <c>auto</c>. The store's generation file names the pushed profile: there is no guessing among files.
/// </summary>
internal static class ProfileSelection
{
    /// <summary>The profile to apply, read afresh from disk, with <c>extends</c> resolved. Throws <see cref="ProfileException"/>.</summary>
    public static Profile Load(string stateDirectory, string configured, ProfileCatalog catalog) =>
        Select(stateDirectory, configured, catalog).Profile;

    /// <summary>The profile to apply and where it comes from. Throws <see cref="ProfileException"/>.</summary>
    public static (Profile Profile, ProfileSource Source) Select(string stateDirectory, string configured, ProfileCatalog catalog)
    {
        if (PushedPath(stateDirectory) is { } pushed)
        {
            return (catalog.Load(pushed), ProfileSource.Pushed);
        }

        return (catalog.Load(configured), configured == AgentOptions.AutoProfile ? ProfileSource.Auto : ProfileSource.Configured);
    }

    /// <summary>The pushed profile's file, or null when none is pushed.</summary>
    public static string? PushedPath(string stateDirectory)
    {
        try
        {
            return new PushedProfileStore(stateDirectory).CurrentPath();
        }
        catch (IOException e)
        {
            throw new ProfileException(new ProfileError(Path.Join(stateDirectory, PushedProfileStore.DirectoryName, PushedProfileStore.GenerationFile), 0, 0, string.Empty, e.Message));
        }
    }
}
