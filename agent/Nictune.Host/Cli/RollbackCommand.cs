using System.CommandLine;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Host.Output;
using Nictune.Host.Tuning;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune rollback</c>: undo the last apply (<c>previous</c>), or return every setting nictune ever changed to
/// its value before nictune's first change (<c>baseline</c>). Itself a transaction.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to")
        {
            Description = "baseline: the state before nictune's first change; previous: undo the last apply",
            DefaultValueFactory = _ => "previous",
        };
        to.AcceptOnlyFromAmong("baseline", "previous");
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Show what the rollback would write, without changing anything",
        };
        var stateDir = TuningOptions.StateDir();
        var json = CommonOptions.Json();
        var command = new Command("rollback", "Undo the last apply, or restore the baseline") { to, dryRun, stateDir, json };
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            var target = parse.GetValue(to) == "baseline" ? RollbackTarget.Baseline : RollbackTarget.Previous;
            using var runtime = TuningRuntime.Open(Linux.IO.SystemRoot.Live, parse.GetValue(stateDir)!);
            var asJson = parse.GetValue(json);
            var recovery = RecoveryStep.Run(runtime.Engine, asJson);
            if (recovery is { ExitCode: ExitCodes.RollbackFailed })
            {
                return Reports.Finish(new(recovery, null, null), asJson);
            }

            var inventory = runtime.Detect();
            if (parse.GetValue(dryRun))
            {
                var rows = runtime.Engine.PlanRollback(target, inventory);
                var plan = new TuningPlan($"rollback {parse.GetValue(to)}", runtime.StateDirectory, rows, []);
                return Reports.Finish(new(recovery, plan, null), asJson);
            }

            var result = runtime.Engine.Rollback(target, inventory);
            return Reports.Finish(new(recovery, null, result), asJson);
        }));
        return command;
    }
}
