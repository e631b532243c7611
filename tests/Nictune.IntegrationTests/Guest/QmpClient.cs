using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// A minimal client of QEMU's monitor protocol (QMP, docs/interop/qmp-spec.rst in QEMU): one JSON object per line
/// over the guest's <c>qmp.sock</c>. It reads the greeting, enters command mode with <c>qmp_capabilities</c>, then
/// runs commands one at a time; events that arrive meanwhile are kept for <see cref="WaitForEvent"/>.
/// </summary>
internal sealed class QmpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly List<JsonObject> _events = [];

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
    }

    public static QmpClient Connect(string path, TimeSpan timeout)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            var client = new QmpClient(socket);
            var greeting = client.Read(timeout);
            if (!greeting.ContainsKey("QMP"))
            {
                throw new InvalidOperationException($"QMP greeted with {greeting.ToJsonString()}");
            }

            client.Execute("qmp_capabilities", null, timeout);
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command and returns its <c>return</c> value; an <c>error</c> answer throws with QEMU's description.</summary>
    public JsonNode? Execute(string command, JsonObject? arguments, TimeSpan timeout)
    {
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null)
        {
            request["arguments"] = arguments;
        }

        _socket.Send(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"));
        while (true)
        {
            var answer = Read(timeout);
            if (answer.ContainsKey("event"))
            {
                _events.Add(answer);
                continue;
            }

            if (answer["error"] is JsonObject error)
            {
                throw new InvalidOperationException($"QMP {command} failed: {error["desc"]}");
            }

            return answer["return"];
        }
    }

    /// <summary>The first event named <paramref name="name"/> whose data matches, seen before or within the timeout.</summary>
    public JsonObject WaitForEvent(string name, Func<JsonObject, bool> matches, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = _events.FirstOrDefault(e => (string?)e["event"] == name && matches(e["data"] as JsonObject ?? []));
            if (found is not null)
            {
                _events.Remove(found);
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no QMP event {name} within {timeout}; seen: {string.Join(", ", _events.Select(e => e.ToJsonString()))}");
            }

            var next = Read(left);
            if (next.ContainsKey("event"))
            {
                _events.Add(next);
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _socket.Dispose();
    }

    private JsonObject Read(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var line = _reader.ReadLineAsync(cancel.Token).AsTask().GetAwaiter().GetResult()
                ?? throw new InvalidOperationException("QEMU closed its monitor socket");
            return JsonNode.Parse(line) as JsonObject ?? throw new InvalidOperationException($"QMP sent '{line}'");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no answer from QMP within {timeout}");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"QMP sent something that is not JSON: {e.Message}");
        }
    }
}
