using System.CommandLine;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using RollbackRequest = Nictune.Protocol.Api.V1.RollbackRequest;

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
        var route = new AgentRoute();
        var confirm = ConfirmWithin.Option();
        var command = new Command("rollback", "Undo the last apply, or restore the baseline") { to, dryRun, stateDir, json, confirm };
        route.AddTo(command);
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            var target = parse.GetValue(to) == "baseline" ? RollbackTarget.Baseline : RollbackTarget.Previous;
            var directory = parse.GetValue(stateDir)!;
            var asJson = parse.GetValue(json);
            if (route.Open(parse, directory) is { } agent)
            {
                using (agent)
                {
                    var request = new RollbackRequest
                    {
                        To = target == RollbackTarget.Baseline ? Protocol.Api.V1.RollbackTarget.Baseline : Protocol.Api.V1.RollbackTarget.Previous,
                        DryRun = parse.GetValue(dryRun),
                        ConfirmWithin = ConfirmWithin.Read(parse, confirm),
                    };
                    return ClientFailures.Run(agent.Target, () =>
                    {
                        var transaction = agent.Client.Rollback(request);
                        ConfirmWithin.Report(transaction);
                        return AgentOutput.Transaction(transaction, asJson);
                    });
                }
            }

            ConfirmWithin.RequireAgent(parse, confirm);
            if (parse.GetValue(dryRun))
            {
                // A dry run only reads: no lock, no recovery; a journal is reported instead.
                using var reader = TuningRuntime.Open(Linux.IO.SystemRoot.Live, directory);
                var rows = reader.Engine.PlanRollback(target, reader.Detect());
                var plan = new TuningPlan($"rollback {parse.GetValue(to)}", reader.StateDirectory, rows, []);
                var shown = Reports.Finish(new(null, plan, null), asJson);
                return PendingJournal.Report(directory) ?? shown;
            }

            TuningPrivileges.Require("rollback");
            using var writer = WriterLock.AcquireForChange(directory, "rollback");
            using var runtime = TuningRuntime.Open(Linux.IO.SystemRoot.Live, writer.Directory);
            using var signals = SignalInterrupt.Listen(runtime);
            var recovery = RecoveryStep.Run(runtime.Engine, asJson);
            if (recovery is { ExitCode: ExitCodes.RollbackFailed })
            {
                return Reports.Finish(new(recovery, null, null), asJson);
            }

            var inventory = runtime.Detect();
            TransactionResult result;
            using (runtime.Interruptible.Arm())
            {
                result = runtime.Engine.Rollback(target, inventory);
            }

            // A signal between writes stopped the rollback and undid it (exit 1); one after its last write found it done.
            return Reports.Finish(new(recovery, null, result), asJson);
        }));
        return command;
    }
}
