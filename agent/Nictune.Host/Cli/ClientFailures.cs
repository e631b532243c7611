using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using Nictune.Protocol.Api;
using Nictune.Protocol.Api.Client;

namespace Nictune.Host.Cli;

/// <summary>
/// Turns what can go wrong talking to an agent into one clear line on stderr and exit code 2 (nothing was done):
/// unreachable, TLS refused, permission denied, a stale generation, an invalid profile (every problem listed, as
/// <c>nictune plan --profile FILE</c> prints them). Never a stack trace.
/// </summary>
internal static class ClientFailures
{
    /// <param name="document">The operator's file that the call sends as a document (<c>nictune push FILE</c>): the
    /// agent locates its problems as <see cref="ApiErrors.PushedDocument"/>, and they are printed against this name.</param>
    public static int Run(AgentTarget target, Func<int> call, string? document = null)
    {
        try
        {
            return call();
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine(Describe(target, e, document));
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            // Reading --cert/--key/--ca or the profile file.
            Console.Error.WriteLine($"nictune: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    public static string Describe(AgentTarget target, RpcException e, string? document = null)
    {
        switch (e.StatusCode)
        {
            case StatusCode.InvalidArgument when ApiErrors.ProblemsOf(e) is { Count: > 0 } problems:
                return "nictune: invalid profile:\n" + string.Join('\n', problems.Select(p => Format(p, document)));
            case StatusCode.FailedPrecondition when ApiErrors.ProblemsOf(e) is { Count: > 0 } problems:
                return $"nictune: {FirstLine(e.Status.Detail)}\n" + string.Join('\n', problems.Select(p => Format(p, document)));
            case StatusCode.PermissionDenied:
                return $"nictune: permission denied by the agent at {target}: {e.Status.Detail}";
            case StatusCode.Unavailable when Innermost(e) is AuthenticationException tls:
                return $"nictune: TLS handshake with the agent at {target} failed: {tls.Message}";
            case StatusCode.Unavailable when Innermost(e) is SocketException socket:
                return $"nictune: cannot reach the agent at {target}: {Unreachable(target, socket)}";
            case StatusCode.Unavailable:
                return $"nictune: the agent at {target} is unavailable: {FirstLine(e.Status.Detail)}";
            case StatusCode.DeadlineExceeded:
                return $"nictune: the agent at {target} did not answer in time";
            default:
                return $"nictune: {e.Status.Detail} ({e.StatusCode})";
        }
    }

    /// <summary>
    /// Why connect(2) failed, in an operator's words. .NET reports a Unix socket's ENOENT as AddressNotAvailable
    /// ("Cannot assign requested address"), which names neither the socket nor the stopped agent; ECONNREFUSED on a
    /// Unix socket means the file is there and nothing listens on it (an agent that was killed leaves it behind).
    /// </summary>
    internal static string Unreachable(AgentTarget target, SocketException e) => (target.SocketPath, e.SocketErrorCode) switch
    {
        ({ } path, SocketError.AddressNotAvailable) => $"no agent is listening at {path}: the socket does not exist (is nictune running? `systemctl status nictune`)",
        ({ } path, SocketError.ConnectionRefused) => $"no agent is listening at {path}: the socket exists but nothing accepts connections on it (an agent that stopped left it behind; is nictune running?)",
        ({ } path, SocketError.AccessDenied) => $"permission denied connecting to {path}: this user may not search a directory on its path or write to the socket",
        (null, SocketError.ConnectionRefused) => "connection refused: no agent is listening on that port",
        _ => e.Message,
    };

    private static string Format(Protocol.Api.V1.Problem p, string? document)
    {
        var file = document is not null && p.File == ApiErrors.PushedDocument ? document : p.File;
        var where = p.Line > 0 ? $"{file}:{p.Line}:{p.Column}: " : file.Length > 0 ? $"{file}: " : string.Empty;
        return p.Field.Length > 0 ? $"{where}{p.Field}: {p.Message}" : $"{where}{p.Message}";
    }

    private static Exception Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
            if (inner is AuthenticationException)
            {
                return inner;
            }
        }

        return inner;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0];
}
