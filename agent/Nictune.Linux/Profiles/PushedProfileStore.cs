using System.Globalization;
using System.Text;
using Nictune.Core.Profiles;
using Nictune.Linux.IO;

namespace Nictune.Linux.Profiles;

/// <summary>
/// The one profile pushed through the API, kept in the state directory so it survives restarts:
/// <c>pushed/NAME.yaml</c> (a profile's name must match its file name) and <c>pushed/generation</c>, which says which
/// file is the pushed one and counts accepted pushes. Every write is atomic (<see cref="AtomicFile"/>); the generation
/// is written before the profile, so a crash between the two leaves a raised generation and the old profile (a client
/// holding the old generation is then refused and re-reads), never a new profile under an old generation.
/// Callers serialize access (the daemon's work loop); there is no locking here.
/// </summary>
public sealed class PushedProfileStore(string stateDirectory)
{
    public const string DirectoryName = "pushed";
    public const string GenerationFile = "generation";

    public string Directory { get; } = Path.Join(stateDirectory, DirectoryName);

    /// <summary>The generation and the pushed profile's name (null when none is pushed).</summary>
    /// <exception cref="IOException">The generation file is unreadable or corrupt; the message names it.</exception>
    public PushedProfileState Read()
    {
        var path = Path.Join(Directory, GenerationFile);
        if (!File.Exists(path))
        {
            return PushedProfileState.Empty;
        }

        var text = File.ReadAllText(path).Trim();
        var parts = text.Split(' ', 2);
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var generation) || (parts.Length == 2 && !ProfileName.IsValid(parts[1])))
        {
            throw new IOException($"{path}: corrupt (expected \"GENERATION [NAME]\", found \"{text}\"); move it aside to continue");
        }

        var name = parts.Length == 2 ? parts[1] : null;
        return new PushedProfileState(generation, name is not null && File.Exists(PathOf(name)) ? name : null);
    }

    /// <summary>The file of the pushed profile, or null.</summary>
    public string? CurrentPath() => Read().Name is { } name ? PathOf(name) : null;

    public string PathOf(string name) => Path.Join(Directory, name + ProfileName.FileExtension);

    /// <summary>True when <paramref name="name"/> is the pushed profile and its file holds exactly <paramref name="text"/>.</summary>
    public bool Holds(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Read().Name != name)
        {
            return false;
        }

        var stored = File.ReadAllBytes(PathOf(name));
        return stored.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Stores <paramref name="text"/> as the pushed profile <paramref name="name"/>, replacing any other; returns the new generation.</summary>
    public ulong Push(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ProfileName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a profile name", nameof(name));
        }

        var next = Read().Generation + 1;
        WriteGeneration(next, name);
        AtomicFile.Write(PathOf(name), Encoding.UTF8.GetBytes(text));
        RemoveOthers(name);
        return next;
    }

    /// <summary>Removes the pushed profile (if any); returns the new generation.</summary>
    public ulong Remove()
    {
        var state = Read();
        var next = state.Generation + 1;
        WriteGeneration(next, null);
        RemoveOthers(keep: null);
        return next;
    }

    private void WriteGeneration(ulong generation, string? name) =>
        AtomicFile.Write(Path.Join(Directory, GenerationFile), Encoding.UTF8.GetBytes(name is null ? $"{generation}\n" : $"{generation} {name}\n"));

    /// <summary>There is exactly one pushed profile: any other profile file in the directory goes.</summary>
    private void RemoveOthers(string? keep)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*" + ProfileName.FileExtension))
        {
            if (keep is null || !string.Equals(file, PathOf(keep), StringComparison.Ordinal))
            {
                AtomicFile.Delete(file);
            }
        }
    }
}
