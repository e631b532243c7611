using System.CommandLine;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune push FILE</c>: sends a profile to the agent, which keeps it (in its state directory) as the one pushed
/// profile, active over the configured one. <c>--apply</c> applies it at once and prints the transaction; without it
/// no pass runs and the kernel is left as it is until the agent's next pass; <c>--dry-run</c> validates and plans
/// only, storing nothing.
/// </summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The profile (YAML) to push" };
        var apply = new Option<bool>("--apply") { Description = "Apply it now and print the transaction (otherwise the kernel is left as it is and the agent applies it at its next pass: a drift check, a link change, a reload)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and plan only; store nothing" };
        var ifChanged = new Option<bool>("--if-changed")
        {
            Description = "Store nothing when the agent already holds exactly this document as its pushed profile (the generation stays; with --apply the pass still runs)",
        };
        var generation = new Option<ulong>("--expect-generation")
        {
            Description = "Refuse unless the agent is at this generation (from 'nictune status'); 0 does not check",
            HelpName = "N",
        };
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var confirm = ConfirmWithin.Option();
        var command = new Command("push", "Push a profile to the running agent; it becomes the active profile") { file, apply, dryRun, ifChanged, generation, json, confirm };
        client.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(apply) && parse.GetValue(dryRun))
            {
                throw new UsageException("--apply and --dry-run exclude each other");
            }

            var window = ConfirmWithin.Read(parse, confirm);
            if (window is not null && !parse.GetValue(apply))
            {
                throw new UsageException("--confirm-within needs --apply: without it no transaction runs to confirm");
            }

            var target = client.Resolve(parse);
            var path = parse.GetValue(file)!;
            return ClientFailures.Run(target, () =>
            {
                var document = File.ReadAllText(path);
                using var agent = AgentConnection.Open(target);
                var response = agent.Client.PutProfile(new PutProfileRequest
                {
                    Document = document,
                    Apply = parse.GetValue(apply),
                    DryRun = parse.GetValue(dryRun),
                    IfChanged = parse.GetValue(ifChanged),
                    ExpectedGeneration = parse.GetValue(generation),
                    ConfirmWithin = window,
                });
                if (response.Transaction is { } held)
                {
                    ConfirmWithin.Report(held);
                }

                var asJson = parse.GetValue(json);
                if (asJson)
                {
                    AgentOutput.Json(response);
                    return response.ApplyFailure.Length > 0 ? ExitCodes.FailedRolledBack : response.Transaction?.ExitCode ?? ExitCodes.Success;
                }

                if (response.Stored)
                {
                    Console.Error.WriteLine($"nictune: pushed {response.Name}; the agent is at generation {response.Generation}");
                }
                else if (response.Unchanged)
                {
                    Console.Error.WriteLine($"nictune: the agent already holds {response.Name} as pushed; nothing stored, still generation {response.Generation}");
                }

                if (response.ApplyFailure.Length > 0)
                {
                    // Stored all the same (said above): the agent applies it at its next pass.
                    Console.Error.WriteLine($"nictune: {response.Name} was not applied now: {response.ApplyFailure}");
                    return ExitCodes.FailedRolledBack;
                }

                if (response.Transaction is { } transaction)
                {
                    return AgentOutput.Transaction(transaction, json: false);
                }

                return response.Plan is { } plan ? AgentOutput.Plan(plan, json: false) : ExitCodes.Success;
            }, document: path);
        });
        return command;
    }
}
