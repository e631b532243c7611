using System.Net.Sockets;
using Nictune.Host.Cli;
using Nictune.Protocol.Api.Client;
using Xunit;

namespace Nictune.Tests.Host.Cli;

/// <summary>
/// What connect(2) said, in an operator's words. (The real binary against a missing and a refusing socket:
/// Nictune.IntegrationTests, UnreachableAgentTests; EACCES cannot be met as root, so it is checked here.)
/// </summary>
public sealed class ClientFailuresTests
{
    private static readonly AgentTarget Socket = AgentTarget.Parse("unix:///run/nictune/nictune.sock");

    [Theory]
    [InlineData(SocketError.AddressNotAvailable, "no agent is listening at /run/nictune/nictune.sock: the socket does not exist")]
    [InlineData(SocketError.ConnectionRefused, "no agent is listening at /run/nictune/nictune.sock: the socket exists but nothing accepts connections on it")]
    [InlineData(SocketError.AccessDenied, "permission denied connecting to /run/nictune/nictune.sock")]
    public void A_unix_socket_that_cannot_be_connected_says_why_in_terms_of_the_socket(SocketError error, string expected)
    {
        var message = ClientFailures.Unreachable(Socket, new SocketException((int)error));

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot assign requested address", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tcp_port_that_refuses_says_no_agent_listens_there()
    {
        var target = AgentTarget.Parse("http://192.0.2.1:10911");

        Assert.Equal("connection refused: no agent is listening on that port", ClientFailures.Unreachable(target, new SocketException((int)SocketError.ConnectionRefused)));
    }
}
