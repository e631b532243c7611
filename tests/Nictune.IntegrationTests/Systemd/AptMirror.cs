namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// The Debian mirror and suite this machine's apt uses, so the container root comes from the same place as the
/// machine's own packages (a mirror or proxy that works here) instead of a hard-coded address.
/// </summary>
internal sealed record AptMirror(string? Uri, string Suite)
{
    private const string DefaultSuite = "bookworm";

    /// <summary>Whether apt names a mirror for the suite: without one there is nowhere to debootstrap from.</summary>
    public bool IsKnown => Uri is not null;

    public static AptMirror FromThisMachine() =>
        FromSources(SourcesFiles().Select(file => (file, File.ReadAllText(file))), Codename());

    /// <summary>The first http(s) source for the suite, in apt's file order; an unknown mirror when there is none.</summary>
    /// <param name="files">sources.list-style (<c>*.list</c>) or deb822 (<c>*.sources</c>) files: name and text.</param>
    internal static AptMirror FromSources(IEnumerable<(string Name, string Text)> files, string? codename)
    {
        var suite = codename ?? DefaultSuite;
        var uri = files
            .Select(file => file.Name.EndsWith(".sources", StringComparison.Ordinal) ? FromDeb822(file.Text, suite) : FromOneLineStyle(file.Text.Split('\n'), suite))
            .FirstOrDefault(found => found is not null);
        return new AptMirror(uri, suite);
    }

    private static string? Codename() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release")
                .Where(line => line.StartsWith("VERSION_CODENAME=", StringComparison.Ordinal))
                .Select(line => line["VERSION_CODENAME=".Length..].Trim('"'))
                .FirstOrDefault(name => name.Length > 0)
            : null;

    private static IEnumerable<string> SourcesFiles()
    {
        if (File.Exists("/etc/apt/sources.list"))
        {
            yield return "/etc/apt/sources.list";
        }

        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            foreach (var file in Directory.EnumerateFiles("/etc/apt/sources.list.d").Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".list", StringComparison.Ordinal) || file.EndsWith(".sources", StringComparison.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>sources.list(5) one-line style: <c>deb [options] uri suite component…</c>.</summary>
    private static string? FromOneLineStyle(IEnumerable<string> lines, string suite)
    {
        foreach (var raw in lines)
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[4..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                rest = close < 0 ? string.Empty : rest[(close + 1)..].Trim();
            }

            var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[1] == suite && IsHttp(fields[0]))
            {
                return fields[0].TrimEnd('/');
            }
        }

        return null;
    }

    /// <summary>sources.list(5) deb822 style: paragraphs of <c>Types:</c>, <c>URIs:</c>, <c>Suites:</c>, <c>Enabled:</c>.</summary>
    private static string? FromDeb822(string text, string suite)
    {
        foreach (var paragraph in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n"))
        {
            var fields = paragraph.Split('\n')
                .Where(line => !line.StartsWith('#') && line.Contains(':', StringComparison.Ordinal))
                .Select(line => (Key: line[..line.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                .GroupBy(field => field.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(group => group.Key, group => group.First().Value, StringComparer.OrdinalIgnoreCase);
            string[] Words(string key) => fields.TryGetValue(key, out var value) ? value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

            if (Words("Enabled").Contains("no") || !Words("Types").Contains("deb") || !Words("Suites").Contains(suite))
            {
                continue;
            }

            if (Words("URIs").FirstOrDefault(IsHttp) is { } uri)
            {
                return uri.TrimEnd('/');
            }
        }

        return null;
    }

    private static bool IsHttp(string uri) =>
        uri.StartsWith("http://", StringComparison.Ordinal) || uri.StartsWith("https://", StringComparison.Ordinal);
}
