using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// One <c>ansible-playbook</c> run, read from the <c>oneline</c> callback: one line per host and task,
/// <c>HOST | CHANGED => {json}</c>, <c>SUCCESS</c> or <c>FAILED!</c>.
/// </summary>
internal sealed partial class AnsibleRun
{
    public AnsibleRun(int exitCode, string stdout, string stderr, TimeSpan duration)
    {
        ExitCode = exitCode;
        Output = stdout + stderr;
        Duration = duration;
        foreach (var line in stdout.Split('\n'))
        {
            var match = HostLine().Match(line);
            if (match.Success)
            {
                Results[match.Groups["host"].Value] = new HostResult(match.Groups["state"].Value, JsonDocument.Parse(match.Groups["json"].Value).RootElement.Clone());
            }
        }
    }

    public int ExitCode { get; }

    public string Output { get; }

    public TimeSpan Duration { get; }

    /// <summary>The last task's result per host.</summary>
    public Dictionary<string, HostResult> Results { get; } = new(StringComparer.Ordinal);

    [GeneratedRegex(@"^(?<host>\S+) \| (?<state>CHANGED|SUCCESS|FAILED!) => (?<json>\{.*\})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostLine();
}

/// <param name="State">CHANGED, SUCCESS or FAILED!.</param>
/// <param name="Result">The module's result.</param>
internal sealed record HostResult(string State, JsonElement Result)
{
    public bool Changed => Result.TryGetProperty("changed", out var c) && c.GetBoolean();

    public string Message => Result.TryGetProperty("msg", out var m) ? m.GetString() ?? string.Empty : string.Empty;
}
