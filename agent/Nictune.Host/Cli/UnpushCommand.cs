using System.CommandLine;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary><c>nictune unpush</c>: removes the pushed profile; the configured one is active again and applied, as in a reload.</summary>
internal static class UnpushCommand
{
    public static Command Create()
    {
        var generation = new Option<ulong>("--expect-generation")
        {
            Description = "Refuse unless the agent is at this generation; 0 does not check",
            HelpName = "N",
        };
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var command = new Command("unpush", "Remove the pushed profile; the configured profile is applied again") { generation, json };
        client.AddTo(command);
        command.SetAction(parse =>
        {
            var target = client.Resolve(parse);
            return ClientFailures.Run(target, () =>
            {
                using var agent = AgentConnection.Open(target);
                var response = agent.Client.DeleteProfile(new DeleteProfileRequest { ExpectedGeneration = parse.GetValue(generation) });
                if (parse.GetValue(json))
                {
                    AgentOutput.Json(response);
                    return response.Transaction?.ExitCode ?? ExitCodes.Success;
                }

                Console.Error.WriteLine($"nictune: unpushed; {response.ActiveProfile?.Name} is active (generation {response.Generation})");
                return response.Transaction is { } transaction ? AgentOutput.Transaction(transaction, json: false) : ExitCodes.Success;
            });
        });
        return command;
    }
}
