using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;
using static Nictune.IntegrationTests.Api.ApiAgentTests;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Bad input to the real agent from python3-grpcio: each refusal is the status the contract names, changes nothing
/// in the namespace, and is followed by a good call that still works.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApiBadInputTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    /// <summary>nobody:nogroup on Debian, by number (the group's name differs between distributions).</summary>
    private const string Nobody = "65534";

    [Fact]
    public void Each_bad_request_gets_its_status_changes_nothing_and_the_next_good_call_works()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);
        var socket = ns.ApiSocket;
        var before = ns.Snapshot();

        // An unknown method.
        Assert.Equal("UNIMPLEMENTED", PythonGrpc.Call(socket, "/nictune.v1.Agent/NoSuchMethod").Code);
        AssertGoodCall(socket);

        // A document with 20 errors: INVALID_ARGUMENT listing all 20, with line, column and field.
        var invalid = PythonGrpc.Call(socket, "PutProfile", $$"""{"document": {{JsonSerializer.Serialize(ApiProfiles.TwentyErrors())}}, "apply": true}""");
        Assert.Equal("INVALID_ARGUMENT", invalid.Code);
        Assert.Equal(20, invalid.Problems.Length);
        Assert.All(invalid.Problems, p =>
        {
            Assert.True(p.GetProperty("line").GetInt32() > 0, p.ToString());
            Assert.True(p.GetProperty("column").GetInt32() > 0, p.ToString());
            Assert.EndsWith(".txqueuelen", p.GetProperty("field").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(20, invalid.Problems.Select(p => p.GetProperty("line").GetInt32()).Distinct().Count());
        Assert.Contains("type.googleapis.com/google.rpc.BadRequest", invalid.Json.GetProperty("detail_types").EnumerateArray().Select(t => t.GetString()));
        AssertGoodCall(socket);

        // A 5 MB document: RESOURCE_EXHAUSTED before anything parses it.
        var huge = "name: huge\n#" + new string('x', 5 << 20) + "\n";
        var tooBig = PythonGrpc.Call(socket, "PutProfile", $$"""{"document": {{JsonSerializer.Serialize(huge)}}}""");
        Assert.Equal("RESOURCE_EXHAUSTED", tooBig.Code);
        AssertGoodCall(socket);

        // Bytes that are not a protobuf message (a field tag with wire type 7, which does not exist).
        var garbage = PythonGrpc.Run(["--target", "unix://" + socket, "--authority", "localhost", "raw", "PutProfile", "0f0f0f0fffffffff"]);
        Assert.NotEqual("OK", garbage.Code);
        AssertGoodCall(socket);

        // PlanProfile without a profile, and an unknown profile name.
        Assert.Equal("INVALID_ARGUMENT", PythonGrpc.Call(socket, "PlanProfile").Code);
        Assert.Equal("NOT_FOUND", PythonGrpc.Call(socket, "GetProfile", """{"name": "no-such-profile"}""").Code);
        Assert.Equal("NOT_FOUND", PythonGrpc.Call(socket, "DeleteProfile").Code);
        AssertGoodCall(socket);

        Assert.Equal(before, ns.Snapshot());
        Assert.False(Directory.Exists(Path.Join(ns.StateDir, "pushed")) && Directory.EnumerateFiles(Path.Join(ns.StateDir, "pushed"), "*.yaml").Any());
    }

    [Fact]
    public void A_peer_that_is_neither_root_nor_in_the_socket_group_may_read_but_not_apply()
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("setpriv");
        using var ns = new DaemonNamespace();
        ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);
        // nobody must be able to reach the socket: the test directory is private to root otherwise.
        File.SetUnixFileMode(ns.TestDirectory, File.GetUnixFileMode(ns.TestDirectory) | UnixFileMode.OtherExecute);
        var before = ns.Snapshot();

        var read = PythonGrpc.Call(ns.ApiSocket, "GetStatus", asUser: Nobody);
        Assert.Equal("OK", read.Code);

        var denied = PythonGrpc.Call(ns.ApiSocket, "ApplyProfile", """{"name": "e2e"}""", asUser: Nobody);
        Assert.Equal("PERMISSION_DENIED", denied.Code);
        Assert.Contains("'nictune'", denied.Details, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());

        AssertGoodCall(ns.ApiSocket);
        Assert.Equal("OK", PythonGrpc.Call(ns.ApiSocket, "ApplyProfile", """{"name": "e2e"}""").Code);
    }

    [Fact]
    public void Plaintext_tcp_without_insecure_is_refused_at_start_with_exit_2()
    {
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config(api: "  listen: [\"127.0.0.1:50111\"]"));

        var result = ns.Nictune("run", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(config + ":", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("api.listen: a TCP listener needs TLS", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_path_that_is_a_file_or_a_symlink_is_refused_and_a_stale_socket_is_replaced()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config(driftInterval: "1h"));

        File.WriteAllText(ns.ApiSocket, "not a socket");
        var file = ns.Nictune("run", "--config", config);
        Assert.Equal(2, file.ExitCode);
        Assert.Contains("exists and is not a socket", file.Stdout + file.Stderr, StringComparison.Ordinal);
        Assert.Equal("not a socket", File.ReadAllText(ns.ApiSocket));

        File.Delete(ns.ApiSocket);
        var target = Path.Join(ns.TestDirectory, "precious");
        File.WriteAllText(target, "keep me");
        File.CreateSymbolicLink(ns.ApiSocket, target);
        var link = ns.Nictune("run", "--config", config);
        Assert.Equal(2, link.ExitCode);
        Assert.Contains("is a symbolic link", link.Stdout + link.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(target));

        // A socket nobody listens on (an agent killed with -9) is replaced.
        File.Delete(ns.ApiSocket);
        using (var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(ns.ApiSocket));
        }

        ns.StartAgent(config);
        ns.Notify.WaitFor("READY=1", Boot);
        AssertGoodCall(ns.ApiSocket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite, File.GetUnixFileMode(ns.ApiSocket));
    }

    private static void AssertGoodCall(string socket)
    {
        var status = Ok(PythonGrpc.Call(socket, "GetStatus"));
        Assert.Equal(DaemonNamespace.ProfileName, status.GetProperty("active_profile").GetProperty("name").GetString());
    }
}
