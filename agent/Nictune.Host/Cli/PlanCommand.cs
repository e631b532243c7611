using System.CommandLine;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

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
        var route = new AgentRoute();
        var command = new Command("plan", "Show what applying a profile would change, without changing anything") { profile, root, stateDir, json };
        route.AddTo(command);
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            // A fixture tree is never the agent's: --root always plans locally.
            if (parse.GetValue(root) is null && route.Open(parse, parse.GetValue(stateDir)!) is { } agent)
            {
                using (agent)
                {
                    return ThroughAgent(agent, parse.GetValue(profile)!, parse.GetValue(json));
                }
            }

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

    private static int ThroughAgent(AgentConnection agent, string profile, bool json) => ClientFailures.Run(agent.Target, () =>
    {
        var request = ProfileCatalog.IsFileReference(profile)
            ? new PlanProfileRequest { Document = File.ReadAllText(profile) }
            : new PlanProfileRequest { Name = profile };
        return AgentOutput.Plan(agent.Client.PlanProfile(request), json);
    });
}
