namespace Nictune.Tests.Metrics;

/// <summary>
/// Reads <c>ethtool -S</c> output as the tool prints it: a title line, then <c>"     %s: %llu"</c> per statistic, the
/// driver's string verbatim after the five spaces (vmxnet3's strings carry indentation of their own).
/// </summary>
internal static class EthtoolStatisticsText
{
    public static (IReadOnlyList<string> Names, IReadOnlyList<ulong> Values) Parse(string text)
    {
        var names = new List<string>();
        var values = new List<ulong>();
        foreach (var line in text.Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            var separator = line.LastIndexOf(": ", StringComparison.Ordinal);
            names.Add(line[5..separator]);
            values.Add(ulong.Parse(line[(separator + 2)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return (names, values);
    }

    public static (IReadOnlyList<string> Names, IReadOnlyList<ulong> Values) Load(string fixture) =>
        Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Metrics", "Fixtures", fixture)));
}
