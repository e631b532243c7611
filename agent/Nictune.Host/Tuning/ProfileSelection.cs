using Nictune.Core.Profiles;
using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Tuning;

/// <summary>
/// Which profile the agent applies: the one profile pushed through the API (kept by <see cref="PushedProfileStore"/>
/// in the state directory, so it survives restarts) wins over the configuration, and the configuration wins over
/// <c>auto</c>. The store's record names the pushed profile: there is no guessing among files. A pushed profile that
/// cannot be used (untrusted, corrupt, invalid) is no reason to fall back to the configured one, which the push
/// overrode: nothing is enforced, and the problem is reported (condition Degraded) until a push or an unpush fixes it.
/// </summary>
internal static class ProfileSelection
{
    /// <summary>The profile to apply, where it comes from, and what the pushed store holds. Throws <see cref="ProfileException"/> for the configured profile only.</summary>
    public static ProfileChoice Select(string stateDirectory, string configured, ProfileCatalog catalog)
    {
        var pushed = ReadPushed(stateDirectory, catalog, out var profile);
        if (pushed.Problem is not null)
        {
            return new ProfileChoice(null, ProfileSource.None, pushed);
        }

        return profile is not null
            ? new ProfileChoice(profile, ProfileSource.Pushed, pushed)
            : Configured(configured, catalog, pushed);
    }

    /// <summary>The configured profile (none is pushed: <paramref name="pushed"/> is the store as read). Throws <see cref="ProfileException"/>.</summary>
    public static ProfileChoice Configured(string configured, ProfileCatalog catalog, PushedStatus pushed) =>
        new(catalog.Load(configured), configured == AgentOptions.AutoProfile ? ProfileSource.Auto : ProfileSource.Configured, pushed);

    /// <summary>
    /// The profile a <c>--profile</c>-style value names, where the pushed profile's file stands for the pushed
    /// profile, read through the store's checks. Throws <see cref="ProfileException"/>.
    /// </summary>
    public static Profile Load(string stateDirectory, string nameOrFile, ProfileCatalog catalog)
    {
        var store = new PushedProfileStore(stateDirectory);
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(nameOrFile)), store.Directory, StringComparison.Ordinal))
        {
            return catalog.Load(nameOrFile);
        }

        var pushed = ReadPushed(stateDirectory, catalog, out var profile);
        return profile is not null && store.PathOf(pushed.Name!) == Path.GetFullPath(nameOrFile)
            ? profile
            : throw new ProfileException(new ProfileError(nameOrFile, 0, 0, string.Empty, pushed.Problem ?? "not the pushed profile"));
    }

    /// <summary>
    /// The pushed store read once: its generation, the pushed profile's name and text, and the problem when it cannot
    /// be used; <paramref name="profile"/> is the pushed profile, parsed and resolved, or null.
    /// </summary>
    public static PushedStatus ReadPushed(string stateDirectory, ProfileCatalog catalog, out Profile? profile)
    {
        profile = null;
        var store = new PushedProfileStore(stateDirectory);
        PushedProfileState state;
        try
        {
            state = store.Read();
        }
        catch (StateStoreException e)
        {
            return new PushedStatus(GenerationOrZero(store), null, null, e.Message);
        }

        if (state.Name is not { } name)
        {
            return new PushedStatus(state.Generation, null, null, null);
        }

        var path = store.PathOf(name);
        try
        {
            profile = Parse(state.Text!, path, catalog);
            return new PushedStatus(state.Generation, name, state.Text, null);
        }
        catch (ProfileException e)
        {
            // Only where: the message reaches unprivileged callers, and the parser's messages quote the file.
            var first = e.Errors.Count > 0 ? e.Errors[0] : null;
            var at = first is { Line: > 0 } ? $", the first at line {first.Line}" : string.Empty;
            return new PushedStatus(state.Generation, name, state.Text, $"{path}: the pushed profile is invalid ({Math.Max(1, e.Errors.Count)} problem(s){at}); 'nictune state check' shows them. Push a valid profile, or unpush, to continue");
        }
    }

    /// <summary>The pushed profile's text as the profile it defines, <c>extends</c> resolved. Throws <see cref="ProfileException"/>.</summary>
    public static Profile Parse(string text, string path, ProfileCatalog catalog) =>
        ProfileResolver.Resolve(ProfileParser.Parse(text, path), catalog);

    private static ulong GenerationOrZero(PushedProfileStore store)
    {
        try
        {
            return store.ReadRecord().Generation;
        }
        catch (StateStoreException)
        {
            return 0;
        }
    }
}
