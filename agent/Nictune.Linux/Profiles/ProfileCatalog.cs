using Nictune.Core.Profiles;
using Nictune.Linux.IO;

namespace Nictune.Linux.Profiles;

/// <summary>
/// The profiles on this system, and how <c>--profile NAME|FILE</c> and <c>extends</c> find them.
/// <para>
/// A value containing '/' or ending in <c>.yaml</c> is a file, read as given. Anything else is a profile name,
/// looked up as <c>NAME.yaml</c> in each directory of the search path in order; the first found wins (tuned's
/// convention): by default the administrator's <c>/etc/nictune/profiles</c>, then the shipped
/// <c>/usr/lib/nictune/profiles</c> (then those bundled next to the binary), so a file in /etc replaces a shipped
/// profile of the same name. The search path
/// comes from the constructor, or from <c>NICTUNE_PROFILE_PATH</c> (colon-separated directories) through
/// <see cref="FromEnvironment"/>, which lets tests and a development checkout use <c>packaging/profiles</c>.
/// <c>extends</c> names always resolve through the same search path, also for a profile given as a file.
/// </para>
/// </summary>
public sealed class ProfileCatalog : IProfileLookup
{
    public const string SearchPathVariable = "NICTUNE_PROFILE_PATH";

    /// <summary>Profiles the administrator writes or overrides; searched first.</summary>
    public const string AdminDirectory = "/etc/nictune/profiles";

    /// <summary>Profiles shipped in the package.</summary>
    public const string ShippedDirectory = "/usr/lib/nictune/profiles";

    public ProfileCatalog(IReadOnlyList<string> searchPath)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        if (searchPath.Count == 0 || searchPath.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("the profile search path needs at least one directory and no empty entries", nameof(searchPath));
        }

        SearchPath = [.. searchPath];
    }

    /// <summary>
    /// Profiles that ship next to the binary (a build or publish output's <c>profiles/</c>), searched last, so a
    /// checkout or an unpacked tarball works without installing into /usr/lib.
    /// </summary>
    public static string BundledDirectory { get; } = Path.Join(AppContext.BaseDirectory, "profiles");

    public static IReadOnlyList<string> DefaultSearchPath { get; } = [AdminDirectory, ShippedDirectory, BundledDirectory];

    /// <summary>The directories searched for a profile name, in order.</summary>
    public IReadOnlyList<string> SearchPath { get; }

    public string SearchDescription => string.Join(", ", SearchPath);

    /// <summary>A catalog over <c>$NICTUNE_PROFILE_PATH</c> when it is set and not empty, else the default directories.</summary>
    public static ProfileCatalog FromEnvironment() =>
        new(ParseSearchPath(Environment.GetEnvironmentVariable(SearchPathVariable)));

    /// <summary>A colon-separated directory list (empty entries ignored, as in PATH); the default when null or empty.</summary>
    public static IReadOnlyList<string> ParseSearchPath(string? value)
    {
        var directories = (value ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return directories.Length > 0 ? directories : DefaultSearchPath;
    }

    /// <summary>True when a <c>--profile</c> value names a file rather than a profile.</summary>
    public static bool IsFileReference(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains('/', StringComparison.Ordinal) || value.EndsWith(ProfileName.FileExtension, StringComparison.Ordinal);
    }

    /// <summary>
    /// The profile a <c>--profile</c> value names, with <c>extends</c> resolved (see <see cref="ProfileResolver"/>).
    /// Throws <see cref="ProfileException"/> for an unknown name, an unreadable file, or any error in any file involved.
    /// </summary>
    public Profile Load(string nameOrFile) => ProfileResolver.Resolve(LoadUnresolved(nameOrFile), this);

    /// <summary>The profile a <c>--profile</c> value names, as written in its file (extends unresolved).</summary>
    public Profile LoadUnresolved(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (IsFileReference(nameOrFile))
        {
            return ReadFile(nameOrFile) ?? throw new ProfileException(new ProfileError(nameOrFile, 0, 0, string.Empty, "no such file"));
        }

        if (ProfileName.Validate(nameOrFile) is { } nameError)
        {
            throw new ProfileException(new ProfileError(string.Empty, 0, 0, string.Empty, $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(nameOrFile)}\" is neither a profile name nor a file: {nameError}"));
        }

        return Find(nameOrFile)
            ?? throw new ProfileException(new ProfileError(string.Empty, 0, 0, string.Empty, $"unknown profile \"{Nictune.Core.Tuning.SettingValueText.Truncate(nameOrFile)}\" (searched {SearchDescription})"));
    }

    /// <summary>The file that defines <paramref name="name"/>: the first <c>NAME.yaml</c> on the search path, or null.</summary>
    public string? Locate(string name)
    {
        if (!ProfileName.IsValid(name))
        {
            return null;
        }

        return SearchPath.Select(directory => Path.Join(directory, name + ProfileName.FileExtension)).FirstOrDefault(File.Exists);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the file on every call, so a long-running agent sees edits on its next load; the resolver asks once per
    /// name and load.
    /// </remarks>
    public Profile? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = Locate(name);
        return path is null ? null : ReadFile(path);
    }

    /// <summary>
    /// Every profile on the search path, by name, with the file that wins and the files it shadows; for
    /// <c>nictune profiles</c>-style listings. Files whose names are not valid profile names are skipped.
    /// </summary>
    public IReadOnlyList<ProfileEntry> List()
    {
        var entries = new Dictionary<string, (string Path, List<string> Shadowed)>(StringComparer.Ordinal);
        foreach (var directory in SearchPath)
        {
            string[] files;
            try
            {
                files = Directory.GetFiles(directory, "*" + ProfileName.FileExtension);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var name = Path.GetFileName(file)[..^ProfileName.FileExtension.Length];
                if (!ProfileName.IsValid(name))
                {
                    continue;
                }

                if (entries.TryGetValue(name, out var entry))
                {
                    entry.Shadowed.Add(file);
                }
                else
                {
                    entries[name] = (file, []);
                }
            }
        }

        return entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new ProfileEntry(e.Key, e.Value.Path, e.Value.Shadowed))
            .ToList();
    }

    // Null when the file does not exist; ProfileException when it cannot be read or is invalid. The read is bounded
    // and refuses anything but a regular file: a FIFO would block forever and /dev/zero never ends, and both have a
    // FileInfo.Length of 0.
    private static Profile? ReadFile(string path)
    {
        byte[]? bytes;
        try
        {
            bytes = BoundedFile.TryReadAll(path, ProfileParser.MaxTextLength);
        }
        catch (BoundedFileException e)
        {
            throw new ProfileException(new ProfileError(path, 0, 0, string.Empty, e.Reason));
        }

        return bytes is null ? null : ProfileParser.Parse(System.Text.Encoding.UTF8.GetString(bytes), path);
    }
}
