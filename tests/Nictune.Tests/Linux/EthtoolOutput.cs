using System.Globalization;

namespace Nictune.Tests.Linux;

/// <summary>Parses what the real ethtool(8) prints, to cross-check the ioctl client against it.</summary>
internal static class EthtoolOutput
{
    /// <summary><c>ethtool -i</c>: "key: value" lines.</summary>
    public static Dictionary<string, string> KeyValues(string output) => Nictune.Testing.ToolOutput.KeyValues(output);

    /// <summary><c>ethtool -k</c>: name → (on, fixed). Lines look like "\ttx-checksum-ipv4: off [fixed]".</summary>
    public static Dictionary<string, (bool On, bool Fixed)> Features(string output)
    {
        var map = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var state = line[(colon + 1)..].Trim();
            map[line[..colon].Trim()] = (state.StartsWith("on", StringComparison.Ordinal), state.Contains("[fixed]", StringComparison.Ordinal));
        }

        return map;
    }

    /// <summary><c>ethtool -l</c>: the "Pre-set maximums" and "Current hardware settings" blocks; "n/a" is 0.</summary>
    public static (Dictionary<string, uint> Max, Dictionary<string, uint> Current) Channels(string output)
    {
        var max = new Dictionary<string, uint>(StringComparer.Ordinal);
        var current = new Dictionary<string, uint>(StringComparer.Ordinal);
        Dictionary<string, uint>? target = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("Pre-set maximums", StringComparison.Ordinal))
            {
                target = max;
            }
            else if (line.StartsWith("Current hardware settings", StringComparison.Ordinal))
            {
                target = current;
            }
            else if (target is not null && line.Split(':', 2) is [var key, var value])
            {
                target[key.Trim()] = uint.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var n) ? n : 0;
            }
        }

        return (max, current);
    }

    /// <summary><c>ethtool -S</c>: rows in order after "NIC statistics:".</summary>
    public static List<(string Name, ulong Value)> Statistics(string output)
    {
        var rows = new List<(string, ulong)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
            rows.Add((line[..colon].Trim(), ulong.Parse(line[(colon + 2)..].Trim(), CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
