namespace Nictune.Core.Profiles;

/// <summary>Finds the profiles that <c>extends</c> names. Implemented over the profile directories by the Linux layer.</summary>
public interface IProfileLookup
{
    /// <summary>
    /// The profile called <paramref name="name"/> as written in its file (extends unresolved), or null when there is
    /// none. Throws <see cref="ProfileException"/> when the file exists but is invalid.
    /// </summary>
    Profile? Find(string name);

    /// <summary>Where names are looked up, for "unknown profile" errors (e.g. the directories searched).</summary>
    string SearchDescription { get; }
}
