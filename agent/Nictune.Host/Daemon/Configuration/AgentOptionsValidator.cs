using Nictune.Core.Model;
using Nictune.Core.Profiles;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// Every rule on <see cref="AgentOptions"/>, each failure naming its key. <see cref="Check"/> gives the problems
/// with their configuration paths so the loader can add file and line. The agent reads its configuration through
/// <see cref="AgentConfigLoader"/>, not the options pipeline, so this is not an <c>IValidateOptions</c>: nothing
/// would call it.
/// </summary>
public static class AgentOptionsValidator
{
    private static readonly string[] Modes = ["enforce", "observe"];
    private static readonly string[] OnStopActions = ["keep", "restore-baseline"];

    public static IReadOnlyList<ConfigProblem> Check(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        if (options.StateDir is not { Length: > 0 } stateDir || stateDir[0] != '/' || stateDir.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(new("state-dir", $"'{options.StateDir}' is not an absolute path"));
        }

        if (options.Profile is not { } profile || (profile != AgentOptions.AutoProfile && !ProfileName.IsValid(profile)))
        {
            problems.Add(new("profile", $"'{options.Profile}' is not a profile name (letters, digits, '.', '_', '-') or 'auto'"));
        }

        if (!Modes.Contains(options.Mode))
        {
            problems.Add(new("mode", $"'{options.Mode}' is not one of: {string.Join(", ", Modes)}"));
        }

        if (!AgentDuration.TryParse(options.DriftInterval, out var interval))
        {
            problems.Add(new("drift-interval", $"'{options.DriftInterval}' is not a duration (e.g. 60s, 5m, 1h, or seconds)"));
        }
        else if (interval < AgentSettings.MinDriftInterval || interval > AgentSettings.MaxDriftInterval)
        {
            problems.Add(new(
                "drift-interval",
                $"'{options.DriftInterval}' is out of range {AgentDuration.Format(AgentSettings.MinDriftInterval)}..{AgentDuration.Format(AgentSettings.MaxDriftInterval)}"));
        }

        if (!OnStopActions.Contains(options.OnStop))
        {
            problems.Add(new("on-stop", $"'{options.OnStop}' is not one of: {string.Join(", ", OnStopActions)}"));
        }

        CheckGlobs("interfaces:include", options.Interfaces.Include, problems);
        CheckGlobs("interfaces:exclude", options.Interfaces.Exclude, problems);
        CheckMetrics(options.Metrics, problems);
        ApiSettingsValidator.Check(options.Api, problems);
        AdaptiveSettingsValidator.Check(options.Adaptive, problems);
        GuardSettingsValidator.Check(options.Guard, problems);
        return problems;
    }

    /// <summary>The typed settings; call only when <see cref="Check"/> found nothing.</summary>
    public static AgentSettings ToSettings(AgentOptions options, string? configFile)
    {
        if (Check(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException($"invalid options: {problems[0].DisplayKey}: {problems[0].Message}", nameof(options));
        }

        var interval = AgentDuration.TryParse(options.DriftInterval, out var parsed) ? parsed : throw new ArgumentException("unreachable: checked above", nameof(options));
        return new AgentSettings(
            options.StateDir!,
            options.Profile!,
            options.Mode == "observe" ? AgentMode.Observe : AgentMode.Enforce,
            interval,
            options.OnStop == "restore-baseline" ? OnStopAction.RestoreBaseline : OnStopAction.Keep,
            new InterfaceFilter(Globs(options.Interfaces.Include), Globs(options.Interfaces.Exclude)),
            configFile)
        {
            Metrics = options.Metrics.Listen is { } listen
                ? new MetricsSettings([.. listen.Select(l => MetricsEndpoints.TryParse(l, out var endpoint, out _) ? endpoint! : throw new ArgumentException(l))], options.Metrics.PerQueue == "true")
                : MetricsSettings.Default with { PerQueue = options.Metrics.PerQueue == "true" },
            Api = ApiSettingsValidator.ToSettings(options.Api),
            Adaptive = AdaptiveSettingsValidator.ToPolicy(options.Adaptive),
            Guard = GuardSettingsValidator.ToPolicy(options.Guard),
        };
    }

    private static void CheckMetrics(MetricsConfigOptions metrics, List<ConfigProblem> problems)
    {
        var listen = metrics.Listen ?? [];
        var seen = new HashSet<System.Net.IPEndPoint>();
        for (var i = 0; i < listen.Count; i++)
        {
            if (!MetricsEndpoints.TryParse(listen[i], out var endpoint, out var error))
            {
                problems.Add(new($"metrics:listen:{i}", error!));
            }
            else if (!seen.Add(endpoint!))
            {
                problems.Add(new($"metrics:listen:{i}", $"'{listen[i]}' is listed twice"));
            }
        }

        if (metrics.PerQueue is not ("true" or "false"))
        {
            problems.Add(new("metrics:per-queue", $"'{metrics.PerQueue}' is not true or false"));
        }
    }

    private static void CheckGlobs(string path, List<string> patterns, List<ConfigProblem> problems)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (!InterfaceGlob.TryCreate(patterns[i], out _, out var error))
            {
                problems.Add(new($"{path}:{i}", error!));
            }
        }
    }

    private static InterfaceGlob[] Globs(List<string> patterns) =>
        [.. patterns.Select(p => InterfaceGlob.TryCreate(p, out var glob, out _) ? glob! : throw new ArgumentException(p))];
}
