using System.CommandLine;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune confirm [ID]</c>: makes the change the agent holds pending (applied with <c>--confirm-within</c>)
/// permanent. It is its own connection, so it proves the agent can still be reached.
/// </summary>
internal static class ConfirmCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("ID") { Description = "The pending transaction (default: whichever is pending)", Arity = ArgumentArity.ZeroOrOne };
        var client = new ClientOptions();
        var json = CommonOptions.Json();
        var command = new Command("confirm", "Confirm the change the agent holds pending, so that it is not rolled back at its deadline") { id, json };
        client.AddTo(command);
        command.SetAction(parse =>
        {
            var target = client.Resolve(parse);
            return ClientFailures.Run(target, () =>
            {
                using var agent = AgentConnection.Open(target);
                var transaction = agent.Client.ConfirmTransaction(new ConfirmTransactionRequest { Id = parse.GetValue(id) ?? string.Empty });
                if (parse.GetValue(json))
                {
                    AgentOutput.Json(transaction);
                }
                else
                {
                    Console.Out.WriteLine($"confirmed: transaction {transaction.Id} ({transaction.Description}) is permanent");
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
