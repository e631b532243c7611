using System.CommandLine;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;

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
        var command = new Command("apply", "Apply a profile as one transaction: all of it, or none of it") { profile, stateDir, json };
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            var loaded = ProfileCatalog.FromEnvironment().Load(parse.GetValue(profile)!);
            using var writer = WriterLock.Acquire(parse.GetValue(stateDir)!, "apply");
            using var runtime = TuningRuntime.Open(Linux.IO.SystemRoot.Live, writer.Directory);
            var asJson = parse.GetValue(json);
            var recovery = RecoveryStep.Run(runtime.Engine, asJson);
            if (recovery is { ExitCode: ExitCodes.RollbackFailed })
            {
                return Reports.Finish(new(recovery, null, null), asJson);
            }

            var plan = runtime.Engine.Plan(loaded, runtime.Detect(), runtime.ReadHostFacts());
            var result = runtime.Engine.Apply(plan);
            return Reports.Finish(new(recovery, plan, result), asJson);
        }));
        return command;
    }
}
