using System.CommandLine;
using Grpc.Core;
using Nictune.Protocol.Api.Client;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// Whether <c>plan</c>, <c>apply</c> and <c>rollback</c> go through a running agent. They do when an agent answers on
/// the target and owns the same state directory: changing the kernel behind its back would be reverted as drift, and
/// its lock would make a local apply wait. With no agent answering they work directly, and say so in one line;
/// <c>--local</c> forces direct mode (which then waits for the agent's state-directory lock, and fails clearly).
/// </summary>
internal sealed class AgentRoute
{
    /// <summary>How long a probe of the default socket may take: an agent that answers at all answers GetStatus at once.</summary>
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(5);

    public Option<bool> Local { get; } = new("--local") { Description = "Work directly on the kernel even when an agent is running" };

    public ClientOptions Client { get; } = new();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Local);
        Client.AddTo(command);
    }

    /// <summary>A connection to the agent to use, or null to work directly (after saying so on stderr).</summary>
    public AgentConnection? Open(ParseResult parse, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Local))
        {
            return null;
        }

        var target = Client.Resolve(parse);
        if (Client.IsExplicit(parse))
        {
            // Named on the command line: an agent that cannot be reached is an error, not a reason to work locally.
            return AgentConnection.Open(target);
        }

        if (target.SocketPath is { } socket && !File.Exists(socket))
        {
            return Direct(target, "no agent socket");
        }

        var agent = AgentConnection.Open(target, retryConnect: false);
        try
        {
            var status = agent.Client.GetStatus(new GetStatusRequest(), deadline: DateTime.UtcNow + ProbeDeadline);
            if (!SameDirectory(status.StateDir, stateDirectory))
            {
                agent.Dispose();
                return Direct(target, $"the agent there keeps its state in {status.StateDir}, not {stateDirectory}");
            }

            return agent;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            agent.Dispose();
            return Direct(target, "no agent answers");
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    private static AgentConnection? Direct(AgentTarget target, string why)
    {
        Console.Error.WriteLine($"nictune: {why} on {target}; working directly on the kernel");
        return null;
    }

    private static bool SameDirectory(string a, string b) =>
        a.Length > 0 && string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
