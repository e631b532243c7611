using System.Text;
using System.Text.Json;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// driver-rules-scenarios.sh's output as normalized rows, so that its run on the real drivers (the guest) and on the
/// simulators (the host) compare row by row. A row is a key (section, interface, setting) and what was seen there:
/// for a plan, the setting's action, current and desired values; for an apply or rollback, its status, original,
/// actual, errno and whether it was restored, and the section's outcome and exit code; for a <c>/read</c> section,
/// the value the device holds as ethtool and sysfs show it (the simulators' own state on the host). Messages and
/// reasons are prose and left out; the raw tool sections (<c>d2-ethtool</c>, …) are the guest tests' own.
/// </summary>
internal static class ScenarioRows
{
    /// <summary>The rows of the sections that touch a NIC of <paramref name="driver"/>, in the script's order.</summary>
    public static List<KeyValuePair<string, string>> Of(string output, string driver)
    {
        var sections = new GuestSections(output);
        var drivers = sections["drivers"].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        var rows = new List<KeyValuePair<string, string>>();
        foreach (var name in sections.Names.Where(n => n != "drivers"))
        {
            var section = Section(name, sections[name]);
            if (section.Rows.Any(r => drivers.GetValueOrDefault(r.Nic) == driver))
            {
                rows.AddRange(section.Rows.Where(r => (r.Nic.Length == 0 || drivers.GetValueOrDefault(r.Nic) == driver) && !IsIrq(r.Setting))
                    .Select(r => KeyValuePair.Create($"{name} {r.Nic} {r.Setting}".Replace("  ", " ", StringComparison.Ordinal), r.Seen)));
            }
        }

        // A setting a transaction names twice (written, then re-applied after a link reset) is two rows.
        return [.. rows.GroupBy(r => r.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Select((r, i) => i == 0 ? r : KeyValuePair.Create($"{r.Key} #{i + 1}", r.Value)))];
    }

    /// <summary>
    /// An IRQ's row (virtio_net's kept affinity across a channel change): the guest's kernel numbers its IRQs and the
    /// simulators have none of them, so these rows are left out here and checked by their own guest and simulator tests.
    /// </summary>
    private static bool IsIrq(string setting) => setting.StartsWith("irq-affinity.", StringComparison.Ordinal);

    /// <summary>Where the two row sets differ, one line per key, readable in a test failure; empty when they agree.</summary>
    public static string Diff(IReadOnlyList<KeyValuePair<string, string>> guest, IReadOnlyList<KeyValuePair<string, string>> simulator)
    {
        var real = guest.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        var simulated = simulator.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var key in guest.Select(r => r.Key).Concat(simulator.Select(r => r.Key)).Distinct(StringComparer.Ordinal))
        {
            var g = real.GetValueOrDefault(key);
            var s = simulated.GetValueOrDefault(key);
            if (g != s)
            {
                text.Append(key).Append('\n')
                    .Append("    real driver: ").Append(g ?? "(no such row)").Append('\n')
                    .Append("    simulator:   ").Append(s ?? "(no such row)").Append('\n');
            }
        }

        return text.ToString();
    }

    private sealed record Row(string Nic, string Setting, string Seen);

    private sealed record ParsedSection(List<Row> Rows);

    private static ParsedSection Section(string name, string text)
    {
        if (name.EndsWith("/read", StringComparison.Ordinal))
        {
            // "NIC SETTING VALUE" lines.
            return new([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 3))
                .Where(f => f.Length == 3).Select(f => new Row(f[0], f[1], f[2]))]);
        }

        var end = text.LastIndexOf("\nexit ", StringComparison.Ordinal);
        var exit = end < 0 ? string.Empty : text[(end + 1)..].Trim();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(end < 0 ? text : text[..end]);
        }
        catch (JsonException)
        {
            return new([]);
        }

        using (document)
        {
            var rows = new List<Row>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new([]);
            }

            if (root.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object)
            {
                rows.Add(new(string.Empty, "(plan)", $"{exit}, {Text(plan, "changeCount")} changes"));
                rows.AddRange(plan.GetProperty("rows").EnumerateArray().Select(r => new Row(
                    Target(r), SettingName(r), $"{Text(r, "action")} {Text(r, "current")} -> {Text(r, "desired")}")));
            }

            if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object)
            {
                rows.Add(new(string.Empty, "(result)", $"{exit}, {Text(result, "outcome")}"));
                rows.AddRange(result.GetProperty("settings").EnumerateArray().Select(s => new Row(
                    Target(s), SettingName(s),
                    $"{Text(s, "status")} {Text(s, "original")} -> {Text(s, "actual")}, errno {Text(s, "errno")}, notRestored {Text(s, "notRestored")}")));
            }

            return new(rows);
        }
    }

    private static string Target(JsonElement row) => row.GetProperty("key").GetProperty("target").GetString()!;

    private static string SettingName(JsonElement row) => row.GetProperty("key").GetProperty("name").GetString()!;

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "-";
}
