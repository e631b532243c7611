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
            var directory = parse.GetValue(stateDir)!;
            using var runtime = TuningRuntime.Open(systemRoot, directory);
            var asJson = parse.GetValue(json);

            // A plan only reads: no lock, no recovery. A journal is reported, because the values read may be half-applied.
            var plan = runtime.Engine.Plan(loaded, runtime.Detect(), runtime.ReadHostFacts());
            var shown = Reports.Finish(new(null, plan, null), asJson);
            return (systemRoot.IsLive ? PendingJournal.Report(directory) : null) ?? shown;
        }));
        return command;
    }
}
