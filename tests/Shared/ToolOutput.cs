namespace Nictune.Testing;

/// <summary>Parses what real tools print.</summary>
public static class ToolOutput
{
    /// <summary>"key: value" lines (<c>ethtool -i</c>, <c>ethtool IF</c>), keys and values trimmed; other lines skipped.</summary>
    public static Dictionary<string, string> KeyValues(string output)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                map[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return map;
    }
}
