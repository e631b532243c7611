using System.CommandLine;
using System.Globalization;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary><c>nictune status</c>: what the running agent is doing.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var command = new Command("status", "Show what the running agent is doing: profile, generation, mode, last transaction, drift") { json };
        client.AddTo(command);
        command.SetAction(parse =>
        {
            var target = client.Resolve(parse);
            return ClientFailures.Run(target, () =>
            {
                using var agent = AgentConnection.Open(target);
                var status = agent.Client.GetStatus(new GetStatusRequest());
                if (parse.GetValue(json))
                {
                    AgentOutput.Json(status);
                }
                else
                {
                    Write(status);
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static void Write(AgentStatus status)
    {
        var profile = status.ActiveProfile;
        var source = profile?.Source switch
        {
            ProfileSource.Pushed => "pushed",
            ProfileSource.Configured => "configured",
            ProfileSource.Auto => "auto",
            _ => "none",
        };
        Console.Out.WriteLine($"agent:     nictune {status.Version}, up {Format(status.Uptime?.ToTimeSpan() ?? TimeSpan.Zero)}, hypervisor {status.Hypervisor}");
        Console.Out.WriteLine($"profile:   {(profile?.Name is { Length: > 0 } name ? name : "(none enforced)")} ({source}, generation {profile?.Generation ?? 0})");
        Console.Out.WriteLine($"mode:      {(status.Mode == Mode.Observe ? "observe" : "enforce")}{(status.BootTuneDone ? string.Empty : ", boot tune in progress")}");
        if (status.LastTransaction is { } last)
        {
            var counts = string.Join(", ", last.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));
            var when = last.StartedAt?.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Console.Out.WriteLine($"last:      {last.Verb} {OutcomeName(last.Outcome)} at {when} in {Format(last.Duration?.ToTimeSpan() ?? TimeSpan.Zero)}{(counts.Length > 0 ? ": " + counts : string.Empty)}");
        }
        else
        {
            Console.Out.WriteLine("last:      no transaction since the agent started");
        }

        if (status.Pending is { } pending)
        {
            var deadline = pending.Deadline.ToDateTimeOffset();
            Console.Out.WriteLine($"pending:   transaction {pending.TransactionId} ({pending.Verb}) is rolled back at {deadline.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (in {ConfirmWithin.Left(deadline)}) unless confirmed: nictune confirm {pending.TransactionId}");
        }

        Console.Out.WriteLine(status.Drifted.Count == 0 ? "drifted:   none" : $"drifted:   {status.Drifted.Count} setting(s)");
        foreach (var drift in status.Drifted)
        {
            Console.Out.WriteLine($"           {(drift.Interface.Length > 0 ? drift.Interface : "sysctl")} {drift.Key} holds {drift.Current}, the profile wants {drift.Desired}");
        }

        foreach (var condition in status.Conditions)
        {
            Console.Out.WriteLine($"{(condition.Type + ":").PadRight(10)} {(condition.Status ? "True" : "False")} ({condition.Reason}: {condition.Message})");
        }

        foreach (var ring in status.Adaptive)
        {
            Console.Out.WriteLine($"adaptive:  {AdaptiveLine(ring)}");
        }

        Console.Out.WriteLine($"events:    last sequence {status.LastEventSequence}");
    }

    private static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Succeeded => "succeeded",
        Outcome.NoChanges => "changed nothing",
        Outcome.FailedRolledBack => "failed (rolled back)",
        Outcome.UnconfirmedReverted => "not confirmed in time (reverted)",
        _ => "FAILED (rollback failed)",
    };

    private static string Format(TimeSpan span) => span.TotalSeconds < 1
        ? $"{span.TotalMilliseconds:0} ms"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.TotalSeconds:0.#} s";

    /// <summary>One adaptive rings line: which interface, which value, why, and the profile line that makes it permanent.</summary>
    internal static string AdaptiveLine(AdaptiveRing ring)
    {
        var rate = ring.DropsPerSecond.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return ring.State switch
        {
            "suggested" => $"{ring.Interface} {ring.Key} {ring.Current} -> {ring.Value} suggested ({rate} drops/s; {ring.Reason}); to keep it, in the profile rule for {ring.Interface}: {ring.ProfileLine}",
            "overlay" => $"{ring.Interface} {ring.Key} {ring.Value} kept over the profile's {ring.Current} ({ring.Reason}); to make it permanent, in the profile rule for {ring.Interface}: {ring.ProfileLine}",
            _ => $"{ring.Interface} {ring.Key} stays at {ring.Current} ({ring.State}, {rate} drops/s): {ring.Reason}",
        };
    }
}
