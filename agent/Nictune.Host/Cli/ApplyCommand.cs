using System.CommandLine;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune apply</c>: one transaction. The profile is validated in full before anything is touched, the plan is
/// journalled before the first change, every change is read back, and any failure undoes what was changed.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var profile = TuningOptions.Profile();
        var stateDir = TuningOptions.StateDir();
        var json = CommonOptions.Json();
        var route = new AgentRoute();
        var confirm = ConfirmWithin.Option();
        var command = new Command("apply", "Apply a profile as one transaction: all of it, or none of it") { profile, stateDir, json, confirm };
        route.AddTo(command);
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            if (route.Open(parse, parse.GetValue(stateDir)!) is { } agent)
            {
                using (agent)
                {
                    return ThroughAgent(agent, parse.GetValue(profile)!, parse.GetValue(json), ConfirmWithin.Read(parse, confirm));
                }
            }

            ConfirmWithin.RequireAgent(parse, confirm);
            TuningPrivileges.Require("apply");
            var loaded = ProfileCatalog.FromEnvironment().Load(parse.GetValue(profile)!);
            using var writer = WriterLock.AcquireForChange(parse.GetValue(stateDir)!, "apply");
            using var runtime = TuningRuntime.Open(Linux.IO.SystemRoot.Live, writer.Directory);
            using var signals = SignalInterrupt.Listen(runtime);
            var asJson = parse.GetValue(json);
            var recovery = RecoveryStep.Run(runtime.Engine, asJson);
            if (recovery is { ExitCode: ExitCodes.RollbackFailed })
            {
                return Reports.Finish(new(recovery, null, null), asJson);
            }

            var plan = runtime.Engine.Plan(loaded, runtime.Detect(), runtime.ReadHostFacts());
            TransactionResult result;
            using (runtime.Interruptible.Arm())
            {
                result = runtime.Engine.Apply(plan);
            }

            if (signals.Received is null)
            {
                return Reports.Finish(new(recovery, plan, result), asJson);
            }

            // Interrupted. Stopped between writes, the engine has rolled back already; a signal after the last write
            // found a finished apply, which is undone here. Either way the verb did not complete: exit 1 (3 if an
            // undo failed).
            if (result.Outcome == TransactionOutcome.Succeeded)
            {
                result = runtime.Engine.Rollback(Core.Transactions.RollbackTarget.Previous, runtime.Detect());
            }

            return Math.Max(ExitCodes.FailedRolledBack, Reports.Finish(new(recovery, plan, result), asJson));
        }));
        return command;
    }

    /// <summary>
    /// A profile name is applied by the agent and enforced from then on; a file is pushed (the agent cannot be assumed
    /// to read the caller's files) and applied, so it stays the agent's profile across restarts.
    /// </summary>
    private static int ThroughAgent(AgentConnection agent, string profile, bool json, Google.Protobuf.WellKnownTypes.Duration? confirm) => ClientFailures.Run(agent.Target, () =>
    {
        var transaction = ProfileCatalog.IsFileReference(profile)
            ? agent.Client.PutProfile(new PutProfileRequest { Document = ReadProfileFile(profile), Apply = true, ConfirmWithin = confirm }).Transaction
            : agent.Client.ApplyProfile(new ApplyProfileRequest { Name = profile, ConfirmWithin = confirm });
        ConfirmWithin.Report(transaction);
        return AgentOutput.Transaction(transaction, json);
    });

    /// <summary>The file to push, read as the catalog reads profiles: a regular file only, bounded.</summary>
    private static string ReadProfileFile(string path)
    {
        try
        {
            return BoundedFile.TryReadText(path, ProfileParser.MaxTextLength)
                ?? throw new ProfileException(new ProfileError(path, 0, 0, string.Empty, "no such file"));
        }
        catch (BoundedFileException e)
        {
            throw new ProfileException(new ProfileError(path, 0, 0, string.Empty, e.Reason));
        }
    }
}
