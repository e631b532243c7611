using Nictune.Core.Profiles;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Profiles;
using Nictune.Protocol.Api;

namespace Nictune.Host.Tuning;

/// <summary>
/// The profiles the running agent can name, for the API: the pushed one, as the work loop last read it (never from
/// its file: these callers are unprivileged), then the daemon's one <see cref="ProfileCatalog"/> (its search path).
/// A profile document sent over the API is parsed here, its <c>extends</c> resolved through the same catalog.
/// </summary>
internal sealed class AgentProfiles(ProfileCatalog catalog, AgentSettingsSource settings)
{
    /// <summary>Where a name was looked for, for "no profile named" messages.</summary>
    public string SearchDescription => $"the pushed profile, {catalog.SearchDescription}";

    /// <summary>The pushed profile as <paramref name="status"/> holds it (the loop's copy), or null.</summary>
    public ProfileFile? Pushed(AgentStatus status) =>
        status.Pushed is { Name: { } name, Text: { } text } ? new ProfileFile(name, new PushedProfileStore(settings.Current.StateDirectory).PathOf(name), ProfileFile.Kind.Pushed, text) : null;

    /// <summary>Every profile: the pushed one first, then the catalog's, each name once (the file that wins).</summary>
    public IEnumerable<ProfileFile> List(AgentStatus status)
    {
        if (Pushed(status) is { } pushed)
        {
            yield return pushed;
        }

        foreach (var entry in catalog.List())
        {
            yield return FromCatalog(entry.Name, entry.Path);
        }
    }

    /// <summary>The profile file <paramref name="name"/> names: the pushed one when it is that name, else the first on the search path; null when none is.</summary>
    public ProfileFile? Find(string name, AgentStatus status) =>
        Pushed(status) is { } pushed && pushed.Name == name ? pushed
        : ProfileName.IsValid(name) && catalog.Locate(name) is { } path ? FromCatalog(name, path)
        : null;

    /// <summary>The profile <paramref name="file"/> defines, <c>extends</c> resolved. Throws <see cref="ProfileException"/>.</summary>
    public Profile Load(ProfileFile file) =>
        file.Origin == ProfileFile.Kind.Pushed ? ProfileSelection.Parse(file.Text!, file.Path, catalog) : catalog.Load(file.Name);

    /// <summary>A document sent over the API, parsed and resolved. Throws <see cref="ProfileException"/>.</summary>
    public Profile Parse(string document) =>
        ProfileResolver.Resolve(ProfileParser.Parse(document, ApiErrors.PushedDocument), catalog);

    private static ProfileFile FromCatalog(string name, string path) =>
        new(name, path, path.StartsWith(ProfileCatalog.ShippedDirectory + "/", StringComparison.Ordinal) || path.StartsWith(ProfileCatalog.BundledDirectory + "/", StringComparison.Ordinal)
            ? ProfileFile.Kind.Shipped
            : ProfileFile.Kind.Admin);
}
