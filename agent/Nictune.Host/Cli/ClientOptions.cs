using System.CommandLine;
using Nictune.Protocol.Api.Client;

namespace Nictune.Host.Cli;

/// <summary>The options of every verb that talks to a running agent, spelled and described once.</summary>
internal sealed class ClientOptions
{
    public Option<string> Target { get; } = new("--target")
    {
        Description = $"The agent: unix:///path (default unix://{AgentTarget.DefaultSocket}) or https://host:port with --cert, --key and --ca",
        HelpName = "URL",
        DefaultValueFactory = _ => "unix://" + AgentTarget.DefaultSocket,
    };

    public Option<string?> Certificate { get; } = new("--cert") { Description = "Client certificate (PEM) for an https target", HelpName = "FILE" };

    public Option<string?> Key { get; } = new("--key") { Description = "The client certificate's private key (PEM)", HelpName = "FILE" };

    public Option<string?> Ca { get; } = new("--ca") { Description = "The CA (PEM) that signed the agent's certificate", HelpName = "FILE" };

    public void AddTo(Command command)
    {
        command.Options.Add(Target);
        command.Options.Add(Certificate);
        command.Options.Add(Key);
        command.Options.Add(Ca);
    }

    /// <summary>The target named on the command line; a malformed one is a usage error (exit 2).</summary>
    public AgentTarget Resolve(ParseResult parse)
    {
        try
        {
            return AgentTarget.Parse(parse.GetValue(Target)!, parse.GetValue(Certificate), parse.GetValue(Key), parse.GetValue(Ca));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>True when the target was given explicitly (then an unreachable agent is an error, not a reason to work locally).</summary>
    public bool IsExplicit(ParseResult parse) => parse.GetResult(Target) is { Implicit: false };
}
