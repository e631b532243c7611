using System.CommandLine;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune reload</c>: the agent re-reads agent.yaml and the profiles and applies what differs; returns when that
/// pass has finished. A rejected file exits 2 with its file:line errors, so <c>ExecReload=nictune reload</c> makes
/// <c>systemctl reload nictune</c> synchronous and truthful.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var command = new Command("reload", "Make the running agent re-read its configuration and profiles; waits for the result") { json };
        client.AddTo(command);
        command.SetAction(parse =>
        {
            var target = client.Resolve(parse);
            return ClientFailures.Run(target, () =>
            {
                using var agent = AgentConnection.Open(target);
                var response = agent.Client.Reload(new ReloadRequest());
                if (parse.GetValue(json))
                {
                    AgentOutput.Json(response);
                }
                else
                {
                    Console.Out.WriteLine($"reloaded: {response.Status}");
                }

                return response.SettingsFailed > 0 ? ExitCodes.FailedRolledBack : ExitCodes.Success;
            });
        });
        return command;
    }
}
