using System.Text.Json;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Runs grpc_client.py on Debian's python3-grpcio (a client we did not write) with messages protoc generated from the
/// repository's proto/nictune/v1/agent.proto. The generated code goes to a directory of its own per test run.
/// </summary>
internal static class PythonGrpc
{
    private static readonly Lazy<string> Generated = new(Generate);

    public static string Script => Path.Join(NictuneBinary.RepoRoot, "tests", "Nictune.IntegrationTests", "Api", "grpc_client.py");

    /// <summary>flood_client.py: the floods of the API's limits tests.</summary>
    public static string FloodScript => Path.Join(NictuneBinary.RepoRoot, "tests", "Nictune.IntegrationTests", "Api", "flood_client.py");

    public static void Require()
    {
        Prerequisite.Require(File.Exists("/usr/bin/python3") && Tools.Run("/usr/bin/python3", "-c", "import grpc, google.protobuf").ExitCode == 0, "/usr/bin/python3 with python3-grpcio and python3-protobuf");
        Prerequisite.RequireTool("protoc");
        Prerequisite.Require(WellKnownProtos() is not null, "google/protobuf/*.proto (Grpc.Tools in the NuGet cache, or libprotobuf-dev)");
    }

    /// <summary>
    /// Runs the client (optionally inside a namespace, optionally as another user, with no supplementary groups or
    /// with <paramref name="groups"/>; <paramref name="script"/> in place of the default client) and parses its JSON line.
    /// </summary>
    public static PythonResult Run(IEnumerable<string> args, string? netns = null, string? asUser = null, TimeSpan? timeout = null, string? script = null, string? groups = null)
    {
        var command = new List<string>();
        if (netns is not null)
        {
            command.AddRange(["ip", "netns", "exec", netns]);
        }

        if (asUser is not null)
        {
            command.AddRange(["setpriv", "--reuid", asUser, "--regid", asUser, .. groups is null ? new[] { "--clear-groups" } : new[] { "--groups", groups }, "--"]);
        }

        command.AddRange(["/usr/bin/python3", script ?? Script, "--gen", Generated.Value, .. args]);
        var result = Tools.Run(command[0], command.Skip(1), stdin: null, environment: null, timeout ?? TimeSpan.FromSeconds(120));
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (result.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script ?? Script)} {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        }

        return new PythonResult(JsonDocument.Parse(line).RootElement.Clone(), line);
    }

    /// <summary>
    /// A unary call on the Unix socket with authority "localhost" (see README, the grpcio authority trap). A large
    /// request goes through a file (<c>@PATH</c>): an argument list has a size limit.
    /// </summary>
    public static PythonResult Call(string socket, string method, string json = "{}", string? asUser = null, double timeout = 60)
    {
        string? file = null;
        if (json.Length > 64 << 10)
        {
            file = Path.Join(Path.GetTempPath(), $"nictune-request-{Guid.NewGuid():N}.json");
            File.WriteAllText(file, json);
            json = "@" + file;
        }

        try
        {
            return Run(["--target", "unix://" + socket, "--authority", "localhost", "--timeout", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture), "call", method, json], asUser: asUser);
        }
        finally
        {
            if (file is not null)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Many calls in one client process and on one channel (<c>batch</c>: each call's path, kind, method and request
    /// as grpc_client.py's batch() reads them); <paramref name="target"/> is the client's target options. One result
    /// per call, in order.
    /// </summary>
    public static IReadOnlyList<JsonElement> Batch(IReadOnlyList<object> calls, IEnumerable<string> target, string? netns = null, string? asUser = null, string? groups = null)
    {
        // Readable by the user the client runs as.
        var file = Path.Join(Generated.Value, $"batch-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new { calls }));
        try
        {
            var result = Run([.. target, "--timeout", "30", "batch", file], netns, asUser, TimeSpan.FromSeconds(300), groups: groups);
            return [.. result.Response.GetProperty("results").EnumerateArray()];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Generate()
    {
        // Readable by every user (a test runs the client as nobody); removed when the test process ends.
        var output = Path.Join(AppContext.BaseDirectory, $"pygen-{Environment.ProcessId}");
        Directory.CreateDirectory(output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        var include = WellKnownProtos()!;
        var repo = NictuneBinary.RepoRoot;
        Tools.Check("protoc", "-I", Path.Join(repo, "proto"), "-I", include, "--python_out=" + output, "nictune/v1/agent.proto");
        Tools.Check("protoc", "-I", Path.Join(repo, "tests", "Nictune.IntegrationTests", "Api"), "-I", include, "--python_out=" + output, "agent_status.proto");
        return output;
    }

    /// <summary>The directory holding google/protobuf/any.proto and friends.</summary>
    private static string? WellKnownProtos()
    {
        if (File.Exists("/usr/include/google/protobuf/any.proto"))
        {
            return "/usr/include";
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tools = Path.Join(packages, "grpc.tools");
        return Directory.Exists(tools)
            ? Directory.GetDirectories(tools).Order(StringComparer.Ordinal).Select(d => Path.Join(d, "build", "native", "include")).LastOrDefault(d => File.Exists(Path.Join(d, "google", "protobuf", "any.proto")))
            : null;
    }
}

internal sealed record PythonResult(JsonElement Json, string Raw)
{
    public string Code => Json.GetProperty("code").GetString()!;

    public JsonElement Response => Json.GetProperty("response");

    public string Details => Json.TryGetProperty("details", out var d) ? d.GetString() ?? string.Empty : string.Empty;

    public JsonElement[] Problems => Json.TryGetProperty("problems", out var p) ? [.. p.EnumerateArray()] : [];

    public override string ToString() => Raw;
}
