using Nictune.Core.Guard;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>Every rule on the <c>guard:</c> section, each failure naming its key (docs/guard.md).</summary>
public static class GuardSettingsValidator
{
    /// <summary>How much of a bad probe is echoed in the error.</summary>
    private const int EchoLimit = 64;

    public static void Check(GuardConfigOptions options, List<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        if (options.Link is not ("true" or "false"))
        {
            problems.Add(new("guard:link", $"'{Echo(options.Link)}' is not true or false"));
        }

        Timeout(problems, "guard:link-timeout", options.LinkTimeout);
        Timeout(problems, "guard:probe-timeout", options.ProbeTimeout);
        if (options.CountersWindow != "off"
            && (!AgentDuration.TryParse(options.CountersWindow, out var window) || window < GuardPolicy.MinCountersWindow || window > GuardPolicy.MaxCountersWindow))
        {
            problems.Add(new("guard:counters-window", $"'{Echo(options.CountersWindow)}' is not off or a duration from {AgentDuration.Format(GuardPolicy.MinCountersWindow)} to {AgentDuration.Format(GuardPolicy.MaxCountersWindow)}"));
        }

        if (options.Probe.Count > GuardPolicy.MaxProbes)
        {
            problems.Add(new("guard:probe", $"{options.Probe.Count} probes listed; at most {GuardPolicy.MaxProbes}"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Probe.Count; i++)
        {
            var entry = options.Probe[i] == GuardPolicy.GatewayProbe ? GuardPolicy.GatewayProbe : GuardProbe.TryParse(options.Probe[i])?.ToString();
            if (entry is null)
            {
                problems.Add(new($"guard:probe:{i}", $"'{Echo(options.Probe[i])}' is not {GuardPolicy.GatewayProbe} or HOST:PORT with an IP address and a port from 1 to 65535 (e.g. 192.0.2.1:22, [2001:db8::1]:443)"));
            }
            else if (!seen.Add(entry))
            {
                problems.Add(new($"guard:probe:{i}", $"'{entry}' is listed twice"));
            }
        }
    }

    /// <summary>The policy; call only when <see cref="Check"/> found nothing.</summary>
    public static GuardPolicy ToPolicy(GuardConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GuardPolicy(
            options.Link == "true",
            AgentDuration.TryParse(options.LinkTimeout, out var link) ? link : GuardPolicy.Default.LinkTimeout,
            [.. options.Probe.Where(p => p != GuardPolicy.GatewayProbe).Select(p => GuardProbe.TryParse(p) ?? throw new ArgumentException(p, nameof(options)))],
            AgentDuration.TryParse(options.ProbeTimeout, out var probe) ? probe : GuardPolicy.Default.ProbeTimeout,
            AgentDuration.TryParse(options.CountersWindow, out var window) ? window : null)
        {
            Gateway = options.Probe.Contains(GuardPolicy.GatewayProbe),
        };
    }

    private static void Timeout(List<ConfigProblem> problems, string key, string? text)
    {
        if (!AgentDuration.TryParse(text, out var duration) || duration < GuardPolicy.MinTimeout || duration > GuardPolicy.MaxTimeout)
        {
            problems.Add(new(key, $"'{Echo(text)}' is not a duration from {AgentDuration.Format(GuardPolicy.MinTimeout)} to {AgentDuration.Format(GuardPolicy.MaxTimeout)} (e.g. 10s)"));
        }
    }

    private static string? Echo(string? text) => text is { Length: > EchoLimit } ? text[..EchoLimit] + "…" : text;
}
