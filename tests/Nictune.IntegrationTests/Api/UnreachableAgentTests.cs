using System.Net.Sockets;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// The real binary against a socket no agent listens on: connect(2) says ENOENT (no socket file) or ECONNREFUSED (a
/// file that nothing listens on, as a killed agent leaves it), and the CLI says that, not .NET's "Cannot assign
/// requested address". Nothing is done: exit code 2.
/// </summary>
public sealed class UnreachableAgentTests
{
    [Fact]
    public void A_missing_socket_says_no_agent_is_listening_there()
    {
        var dir = Directory.CreateTempSubdirectory("nictune-unreachable-");
        try
        {
            var socket = Path.Join(dir.FullName, "nictune.sock");

            var result = NictuneBinary.Run("events", "--target", "unix://" + socket);

            Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
            Assert.Contains($"cannot reach the agent at unix://{socket}: no agent is listening at {socket}: the socket does not exist", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Cannot assign requested address", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_socket_file_nothing_listens_on_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("nictune-unreachable-");
        try
        {
            var path = Path.Join(dir.FullName, "nictune.sock");

            // Bound and never listening: connect(2) gets ECONNREFUSED, as from the socket of an agent that was killed.
            using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            bound.Bind(new UnixDomainSocketEndPoint(path));

            var result = NictuneBinary.Run("events", "--target", "unix://" + path);

            Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
            Assert.Contains($"no agent is listening at {path}: the socket exists but nothing accepts connections on it", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
