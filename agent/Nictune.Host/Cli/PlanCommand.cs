using System.CommandLine;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Cli;

/// <summary><c>nictune plan</c>: what applying a profile would change, row by row. A dry run: it changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var profile = TuningOptions.Profile();
        var root = CommonOptions.Root();
        var stateDir = TuningOptions.StateDir();
        var json = CommonOptions.Json();
        var command = new Command("plan", "Show what applying a profile would change, without changing anything") { profile, root, stateDir, json };
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            var loaded = ProfileCatalog.FromEnvironment().Load(parse.GetValue(profile)!);
            var systemRoot = RootOption.Resolve(parse.GetValue(root));
            using var runtime = TuningRuntime.Open(systemRoot, parse.GetValue(stateDir)!);
            var asJson = parse.GetValue(json);
            var recovery = systemRoot.IsLive ? RecoveryStep.Run(runtime.Engine, asJson) : null;
            if (recovery is { ExitCode: ExitCodes.RollbackFailed })
            {
                return Reports.Finish(new(recovery, null, null), asJson);
            }

            var plan = runtime.Engine.Plan(loaded, runtime.Detect(), runtime.ReadHostFacts());
            return Reports.Finish(new(recovery, plan, null), asJson);
        }));
        return command;
    }
}
