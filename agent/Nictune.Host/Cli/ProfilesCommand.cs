using System.CommandLine;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune profiles</c>: the profiles the running agent can apply (shipped, the administrator's, the pushed one),
/// which one is active, and where each is kept; <c>--json</c> also carries each file's text (ListProfiles).
/// </summary>
internal static class ProfilesCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var command = new Command("profiles", "List the profiles the running agent can apply, and which one is active and pushed") { json };
        client.AddTo(command);
        command.SetAction(parse =>
        {
            var target = client.Resolve(parse);
            return ClientFailures.Run(target, () =>
            {
                using var agent = AgentConnection.Open(target);
                var response = agent.Client.ListProfiles(new ListProfilesRequest());
                if (parse.GetValue(json))
                {
                    AgentOutput.Json(response);
                    return ExitCodes.Success;
                }

                foreach (var profile in response.Profiles)
                {
                    Console.Out.WriteLine($"{(profile.Active ? "*" : " ")} {profile.Name,-28} {Origin(profile.Origin),-8} {profile.Path}");
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static string Origin(ProfileOrigin origin) => origin switch
    {
        ProfileOrigin.Pushed => "pushed",
        ProfileOrigin.Admin => "admin",
        _ => "shipped",
    };
}
