using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Daemon.Status;

/// <summary>
/// The conditions <c>GetStatus</c> and <c>nictune_condition{type}</c> report, computed from one status snapshot so
/// that the API, the CLI and the metrics never disagree. The definitions (docs/fleet.md, "Conditions"):
/// <list type="bullet">
/// <item><b>Applied</b>: the kernel holds the active profile. The boot tune has finished, the agent enforces (mode
/// <c>enforce</c>, a profile is active), the last transaction, if any, succeeded or had nothing to change, no
/// managed setting is drifted and none is set aside.</item>
/// <item><b>Degraded</b>: the agent could not make the kernel hold its profile. The pushed profile cannot be used
/// (untrusted, corrupt or invalid: nothing is enforced until a push or an unpush), or the last transaction failed
/// (rolled back, or its rollback failed too), or a setting is set aside (the kernel refused it for good), or, while
/// enforcing, a managed setting is left drifted after the pass that should have corrected it.</item>
/// <item><b>Drifted</b>: after the last pass, at least one managed setting differs from the profile's value: in
/// observe mode any difference, in enforce mode one the pass could not put back.</item>
/// </list>
/// </summary>
public static class AgentConditions
{
    public const string Applied = "Applied";
    public const string Degraded = "Degraded";
    public const string Drifted = "Drifted";

    /// <summary>How many settings a condition's message names.</summary>
    internal const int ListedAtMost = 5;

    /// <summary>The reason of Applied (false) and Degraded (true) while the pushed profile cannot be used.</summary>
    public const string PushedProfileUnusable = "PushedProfileUnusable";

    /// <summary>The three types, in the order they are reported.</summary>
    public static IReadOnlyList<string> Types { get; } = [Applied, Degraded, Drifted];

    public static IReadOnlyList<AgentCondition> Evaluate(AgentStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var failed = status.LastTransaction is { Result: TransactionOutcome.FailedRolledBack or TransactionOutcome.RollbackFailed };
        var enforcing = status.Mode == AgentMode.Enforce;
        return [AppliedCondition(status, failed, enforcing), DegradedCondition(status, failed, enforcing), DriftedCondition(status)];
    }

    private static AgentCondition AppliedCondition(AgentStatus status, bool failed, bool enforcing)
    {
        if (!status.BootTuneDone)
        {
            return new(Applied, false, "BootTuneInProgress", "the boot tune has not finished");
        }

        if (status.Pushed.Problem is { } problem)
        {
            return new(Applied, false, PushedProfileUnusable, problem);
        }

        if (!enforcing)
        {
            return new(Applied, false, "ObserveMode", "observe mode writes nothing");
        }

        if (status.Profile is null || status.Source == ProfileSource.None)
        {
            return new(Applied, false, "NothingEnforced", "no profile is enforced (after a rollback through the agent, until a reload, a push or an apply)");
        }

        if (failed)
        {
            return new(Applied, false, "TransactionFailed", $"the last transaction ({status.LastTransaction!.Verb}) failed: {status.LastTransaction.Message}");
        }

        if (status.SetAside is { Count: > 0 } setAside)
        {
            return new(Applied, false, "SettingsSetAside", $"{setAside.Count} setting(s) of {status.Profile} refused by the kernel");
        }

        return status.Drifted.Count > 0
            ? new(Applied, false, "SettingsDrifted", $"{status.Drifted.Count} setting(s) differ from {status.Profile}")
            : new(Applied, true, "ProfileApplied", $"every setting {status.Profile} manages holds its value");
    }

    private static AgentCondition DegradedCondition(AgentStatus status, bool failed, bool enforcing)
    {
        if (status.Pushed.Problem is { } problem)
        {
            return new(Degraded, true, PushedProfileUnusable, $"nothing is enforced: {problem}");
        }

        if (failed)
        {
            var last = status.LastTransaction!;
            var reason = last.Result == TransactionOutcome.RollbackFailed ? "RollbackFailed" : "TransactionFailed";
            return new(Degraded, true, reason, $"the last transaction ({last.Verb}) ended {(last.Result == TransactionOutcome.RollbackFailed ? "with its rollback failed: settings are left changed" : "rolled back")}: {last.Message}");
        }

        if (status.SetAside is { Count: > 0 } refused)
        {
            return new(Degraded, true, "SettingsSetAside", $"{refused.Count} setting(s) refused by the kernel for good, left out until the profile or configuration changes");
        }

        if (enforcing && status.Drifted.Count > 0)
        {
            return new(Degraded, true, "CorrectionFailed", $"{status.Drifted.Count} setting(s) could not be put back");
        }

        return new(Degraded, false, "AsExpected", "no failure");
    }

    /// <summary>
    /// Drift is a change behind nictune's back; a setting set aside never took the profile's value, so it is named
    /// (the kernel refused it) but does not make the agent Drifted.
    /// </summary>
    private static AgentCondition DriftedCondition(AgentStatus status)
    {
        if (status.Drifted.Count > 0)
        {
            return new(Drifted, true, "SettingsDrifted", Listed(status.Drifted, d => $"{(d.Device is null ? string.Empty : d.Device + " ")}{d.Setting} is {d.Value ?? "-"}, wanted {d.Wanted ?? "-"}"));
        }

        return status.SetAside is { Count: > 0 } setAside
            ? new(Drifted, false, "SettingsSetAside", $"no drift; the kernel refused these for good, so they do not hold the profile's value: {Listed(setAside, k => k.ToString())}")
            : new(Drifted, false, "NoDrift", "every managed setting holds the profile's value");
    }

    /// <summary>The first <see cref="ListedAtMost"/> items, then how many more: a message stays short however many there are.</summary>
    internal static string Listed<T>(IReadOnlyList<T> items, Func<T, string> format) =>
        string.Join(", ", items.Take(ListedAtMost).Select(format)) + (items.Count > ListedAtMost ? $" and {items.Count - ListedAtMost} more" : string.Empty);
}
