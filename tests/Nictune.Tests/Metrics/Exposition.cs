using Nictune.Protocol.Metrics;
using Prometheus;

namespace Nictune.Tests.Metrics;

/// <summary>Scrapes a <see cref="NictuneMetrics"/> the way the endpoint does, and reads samples out of the text.</summary>
internal static class Exposition
{
    public static string Scrape(NictuneMetrics metrics, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        using var body = new MemoryStream();
        metrics.Registry.CollectAndExportAsTextAsync(body, format).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    /// <summary>The sample lines of <paramref name="family"/> (exact name, any labels).</summary>
    public static List<string> Samples(string text, string family) =>
        [.. text.Split('\n').Where(l => l.StartsWith(family + "{", StringComparison.Ordinal) || l.StartsWith(family + " ", StringComparison.Ordinal))];

    /// <summary>The value of the one sample written exactly as <paramref name="series"/> (name and labels).</summary>
    public static double? Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
