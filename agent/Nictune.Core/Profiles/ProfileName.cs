namespace Nictune.Core.Profiles;

/// <summary>
/// Profile names: what <c>--profile NAME</c> and <c>extends</c> accept, and how a file's name gives its profile name.
/// A name is what a file in a profile directory is called without <c>.yaml</c>, so it must be a safe file name and
/// must not itself look like a file reference (no '/', no <c>.yaml</c> suffix).
/// </summary>
public static class ProfileName
{
    public const string FileExtension = ".yaml";

    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="name"/> is a valid profile name, else what is wrong with it.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a profile name cannot be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"a profile name is at most {MaxLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"\"{name}\" must start with a letter or digit";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"\"{name}\" may contain only letters, digits, '-', '_' and '.'";
            }
        }

        if (name.EndsWith(FileExtension, StringComparison.Ordinal))
        {
            return $"\"{name}\" ends in {FileExtension}: name the profile without it";
        }

        return null;
    }

    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary>
    /// The profile name a file stands for: its last path component without <c>.yaml</c>/<c>.yml</c>; null when the
    /// source is not a YAML file name (a test's "inline" source, say). Pure string work: no file is touched.
    /// </summary>
    public static string? FromFileName(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var slash = source.LastIndexOf('/');
        var file = slash < 0 ? source : source[(slash + 1)..];
        foreach (var extension in new[] { FileExtension, ".yml" })
        {
            if (file.Length > extension.Length && file.EndsWith(extension, StringComparison.Ordinal))
            {
                return file[..^extension.Length];
            }
        }

        return null;
    }
}
