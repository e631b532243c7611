namespace Nictune.IntegrationTests.Guest;

/// <summary>A scenario's output cut at its <c>=== name</c> lines.</summary>
internal sealed class GuestSections
{
    private const string Marker = "=== ";
    private readonly Dictionary<string, string> _sections = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public GuestSections(string output)
    {
        Output = output;
        string? name = null;
        var text = new System.Text.StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                Close();
                name = line[Marker.Length..].Trim();
                continue;
            }

            text.Append(line).Append('\n');
        }

        Close();

        void Close()
        {
            if (name is not null)
            {
                _sections[name] = text.ToString();
                _names.Add(name);
            }

            text.Clear();
        }
    }

    public string Output { get; }

    /// <summary>The sections' names, in the order the scenario printed them.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>A section's text; fails with the whole output when the scenario printed no such section.</summary>
    public string this[string name] => _sections.TryGetValue(name, out var text)
        ? text
        : throw new KeyNotFoundException($"no section '{name}' in the guest's output:\n{Output}");

    /// <summary>The <c>key=value</c> lines of a section.</summary>
    public Dictionary<string, string> Values(string name) => this[name]
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('=', 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    /// <summary>The NICs of a <see cref="GuestScripts.Nics"/> section.</summary>
    public IReadOnlyList<GuestNicFacts> Nics() => this["nics"]
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(GuestNicFacts.Parse)
        .ToList();
}

/// <summary>One NIC as sysfs and ethtool show it inside the guest.</summary>
internal sealed record GuestNicFacts(string Name, string Driver, string Id, string Subsystem, int Rx, int Tx, int MaxCombined)
{
    public static GuestNicFacts Parse(string line)
    {
        var f = line.Split(' ');
        return new GuestNicFacts(f[0], f[1], f[2], f[3], int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture));
    }
}
