using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Issue 23 §1 and §2, against the real agent: every method of every service (Agent from its descriptor, Health,
/// reflection), spelled as its canonical path and as routing would also match it (upper, lower and swapped case, a
/// trailing slash), called by root, a member of the socket group, nobody, and over mutual TLS by an allowed and a
/// disallowed subject. Each identity's calls run in one python3-grpcio process. Then what a flood of spellings does to
/// /metrics, and what huge strings do to error messages and the log.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ApiAccessTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(20);

    /// <summary>nobody:nogroup on Debian, by number.</summary>
    private const string Nobody = "65534";

    /// <summary>The socket group the agent is given: Debian's "users" (gid 100), which nobody is not in.</summary>
    private const string SocketGroup = "users";

    private const string SocketGroupId = "100";

    /// <summary>The methods the contract says change something (README, "Security").</summary>
    // ConfirmTransaction is last: with nothing pending, an allowed caller passes access and gets FAILED_PRECONDITION.
    private static readonly string[] Mutating = ["PutProfile", "ApplyProfile", "Rollback", "Reload", "DeleteProfile", "ConfirmTransaction"];

    private static readonly string[] Spelled = ["upper", "lower", "swapped", "slash"];

    [Fact]
    public void Every_method_by_every_spelling_and_caller_mutates_only_by_its_exact_path_and_only_for_allowed_callers()
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("setpriv");
        Prerequisite.Require(File.ReadLines("/etc/group").Any(l => l.StartsWith($"{SocketGroup}:x:{SocketGroupId}:", StringComparison.Ordinal)), $"the group {SocketGroup} ({SocketGroupId}) in /etc/group");
        using var certs = new TestCertificates();
        using var ns = new DaemonNamespace();
        var endpoint = "127.0.0.1:" + (50000 + Random.Shared.Next(10000)).ToString(CultureInfo.InvariantCulture);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h", api: $"  socket-group: {SocketGroup}\n" + certs.ApiYaml(endpoint, TestCertificates.Operator))));
        ns.Notify.WaitFor("READY=1", Boot);
        agent.WaitForLine("API listening on https://" + endpoint, Boot);
        File.SetUnixFileMode(ns.TestDirectory, File.GetUnixFileMode(ns.TestDirectory) | UnixFileMode.OtherExecute);

        // The Agent service's methods, from the descriptor protoc made of proto/nictune/v1/agent.proto.
        var methods = PythonGrpc.Run(["--target", "unix://" + ns.ApiSocket, "--authority", "localhost", "describe"]).Response.GetProperty("methods").EnumerateArray()
            .Select(m => (Name: m.GetProperty("name").GetString()!, Path: m.GetProperty("path").GetString()!, Access: m.GetProperty("access").GetString()!)).ToList();

        // The contract's (nictune.v1.access) options, as another protobuf implementation reads them, say what the README does.
        Assert.All(methods, m => Assert.True(m.Access is "ACCESS_READ" or "ACCESS_MUTATE", $"{m.Name} has no access option"));
        Assert.Equal(Mutating.Order(StringComparer.Ordinal), methods.Where(m => m.Access == "ACCESS_MUTATE").Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(methods, m => Assert.True(Requests.ContainsKey(m.Name), $"no request for {m.Name}: add one to Requests"));
        var reads = methods.Where(m => !Mutating.Contains(m.Name)).Select(m => Agent(m.Name, m.Path))
            .Concat(OtherServices).ToList();
        var mutations = Mutating.Select(name => Agent(name, methods.Single(m => m.Name == name).Path)).ToList();
        var misspelled = reads.Concat(mutations).SelectMany(call => Spelled.Select(s => call with { Path = Spell(call.Path, s) })).ToList();
        Assert.DoesNotContain(misspelled, c => reads.Concat(mutations).Any(k => k.Path == c.Path));

        var unix = new[] { "--target", "unix://" + ns.ApiSocket, "--authority", "localhost" };
        var (cert, key) = certs.Client("ops");
        var (intruderCert, intruderKey) = certs.Client("intruder");
        var callers = new Caller[]
        {
            new("root", "uid=0 ", unix, Allowed: true),
            new("socket group", $"uid={Nobody} gid={Nobody} ", unix, Allowed: true, User: Nobody, Groups: SocketGroupId),
            new("nobody", $"uid={Nobody} gid={Nobody} ", unix, Allowed: false, User: Nobody),
            new("tls allowed", $"subject=\"{TestCertificates.Operator}\"", ["--target", endpoint, "--tls", cert, key, certs.Ca], Allowed: true, Netns: ns.Namespace.Name),
            new("tls refused", $"subject=\"{TestCertificates.Intruder}\"", ["--target", endpoint, "--tls", intruderCert, intruderKey, certs.Ca], Allowed: false, Netns: ns.Namespace.Name),
        };

        var audited = 0;
        foreach (var caller in callers)
        {
            // Every other spelling of every method: no such method, for everyone, and nothing changes in the kernel.
            var before = ns.Snapshot();
            var spelled = caller.Run(misspelled);
            Assert.All(spelled, r => Assert.True(Code(r) == "UNIMPLEMENTED", $"{caller.Name}: {r}"));
            Assert.Equal(before, ns.Snapshot());

            // The exact paths: reads for everyone; the mutations run for allowed callers only, and each is audited once.
            var exact = caller.Run([.. reads, .. mutations]);
            Assert.All(exact.Take(reads.Count), r => Assert.True(Code(r) == "OK", $"{caller.Name}: {r}"));
            var changed = exact.Skip(reads.Count).ToList();
            if (caller.Allowed)
            {
                Assert.All(changed.SkipLast(1), r => Assert.True(Code(r) == "OK", $"{caller.Name}: {r}"));
                Assert.True(Code(changed[^1]) == "FAILED_PRECONDITION" && changed[^1].ToString().Contains("no change is pending confirmation", StringComparison.Ordinal), $"{caller.Name}: {changed[^1]}");
                Assert.Equal("OUTCOME_SUCCEEDED", changed[0].GetProperty("response").GetProperty("transaction").GetProperty("outcome").GetString());
                Assert.Equal("OUTCOME_SUCCEEDED", changed[1].GetProperty("response").GetProperty("outcome").GetString());

                // Push 7000, apply e2e's 5000, roll back to 7000, reload (still 7000), unpush: e2e's 5000 again.
                Assert.Equal(DaemonNamespace.Wanted("vt0", "vt1"), ns.Managed("vt0", "vt1"));
            }
            else
            {
                Assert.All(changed, r => Assert.True(Code(r) == "PERMISSION_DENIED", $"{caller.Name}: {r}"));
                Assert.Equal(before, ns.Snapshot());
            }

            audited += Mutating.Length;
            Assert.True(Poll.Until(() => AuditLines(agent.Output).Count >= audited, Boot), agent.Output);
            var lines = AuditLines(agent.Output);
            Assert.Equal(audited, lines.Count);
            var mine = lines.Skip(audited - Mutating.Length).ToList();
            Assert.Equal(mutations.Select(m => m.Path), mine.Select(l => l.Method));
            Assert.All(mine, l => Assert.StartsWith(caller.Audit, l.Caller, StringComparison.Ordinal));
            Assert.All(mine, l => Assert.Equal(caller.Allowed, !l.Result.StartsWith("PermissionDenied", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_flood_of_spellings_adds_no_metric_series()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        const int Port = 10923;
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h") + $"\nmetrics:\n  listen: [\"127.0.0.1:{Port}\"]\n"));
        ns.Notify.WaitFor("READY=1", Boot);

        // 600 distinct spellings routing matches to GetStatus (random case, half with a trailing slash), 100 unknown
        // methods and 100 unknown services: one client process, one channel.
        const string Status = "/nictune.v1.Agent/GetStatus";
        var random = new Random(23);
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        while (spellings.Count < 600)
        {
            var spelled = string.Concat(Status.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))) + (spellings.Count % 2 == 0 ? "/" : string.Empty);
            if (spelled != Status)
            {
                spellings.Add(spelled);
            }
        }

        var calls = spellings.Select(p => (object)Agent("GetStatus", p))
            .Concat(Enumerable.Range(0, 100).Select(i => (object)Agent("GetStatus", $"/nictune.v1.Agent/NoSuch{i}")))
            .Concat(Enumerable.Range(0, 100).Select(i => (object)Agent("GetStatus", $"/no.such.Service{i}/GetStatus")))
            .Append(Agent("GetStatus", Status)).ToList();
        var results = PythonGrpc.Batch(calls, ["--target", "unix://" + ns.ApiSocket, "--authority", "localhost"]);
        Assert.All(results.SkipLast(1), r => Assert.True(Code(r) == "UNIMPLEMENTED", r.ToString()));
        Assert.Equal("OK", Code(results[^1]));

        var series = ns.Namespace.CheckExec("curl", "-sS", $"http://127.0.0.1:{Port}/metrics").Split('\n')
            .Where(l => l.StartsWith("nictune_grpc_calls_total{", StringComparison.Ordinal))
            .Select(l => l.Split(' ')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var expected = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [$"nictune_grpc_calls_total{{method=\"{Status}\",code=\"OK\"}}"] = 1,
            ["nictune_grpc_calls_total{method=\"unknown\",code=\"UNIMPLEMENTED\"}"] = calls.Count - 1,
        };
        Assert.Equal(expected, series);
        Assert.DoesNotContain("NoSuch", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_strings_come_back_and_go_to_the_log_as_short_prefixes_and_garbage_is_not_a_stack_trace()
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("setpriv");
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);
        File.SetUnixFileMode(ns.TestDirectory, File.GetUnixFileMode(ns.TestDirectory) | UnixFileMode.OtherExecute);
        var unix = new[] { "--target", "unix://" + ns.ApiSocket, "--authority", "localhost" };
        var before = ns.Snapshot();
        // As long as a request may be (a profile's 64 KiB limit plus room; a longer one is RESOURCE_EXHAUSTED before it is
        // parsed), so that each reaches the code that would echo it.
        var name = "n" + new string('x', 60_000);
        var key = new string('k', 60_000);
        var manyErrors = "name: many\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"bad{i}: 1\n"));
        var output = agent.Output.Length;

        // nobody: reads echo nothing long; 20 refused ApplyProfile calls with 60 KB names write 20 short audit lines.
        var refused = PythonGrpc.Batch(
            [
                Agent("GetProfile", "/nictune.v1.Agent/GetProfile", new { name }),
                Agent("PlanProfile", "/nictune.v1.Agent/PlanProfile", new { name }),
                Agent("PlanProfile", "/nictune.v1.Agent/PlanProfile", new { document = $"name: x\n{key}: 1\n" }),
                Agent("PlanProfile", "/nictune.v1.Agent/PlanProfile", new { document = manyErrors }),
                .. Enumerable.Range(0, 20).Select(_ => Agent("ApplyProfile", "/nictune.v1.Agent/ApplyProfile", new { name = name + "y" })),
            ],
            unix,
            asUser: Nobody);
        string[] refusedCodes = ["NOT_FOUND", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "INVALID_ARGUMENT", .. Enumerable.Repeat("PERMISSION_DENIED", 20)];
        Assert.Equal(refusedCodes, refused.Select(Code));
        Assert.All(refused, r => Assert.InRange(r.GetProperty("details").GetString()!.Length, 1, 1025));
        Assert.All(refused.Take(2), r => Assert.True(r.GetProperty("details").GetString()!.Length < 300, r.ToString()));
        Assert.StartsWith("the profile has 5000 problems; the first ", refused[3].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.InRange(refused[3].GetProperty("problems").GetArrayLength(), 1, 20);
        Assert.True(Poll.Until(() => AuditLines(agent.Output).Count >= 20, Boot), agent.Output[output..]);

        // root: refusals of what the method itself checks are as short.
        var checkedByMethod = PythonGrpc.Batch(
            [
                Agent("ApplyProfile", "/nictune.v1.Agent/ApplyProfile", new { name }),
                Agent("DeleteProfile", "/nictune.v1.Agent/DeleteProfile", new { name }),
                Agent("PutProfile", "/nictune.v1.Agent/PutProfile", new { document = $"name: {name}\n" }),
                .. Enumerable.Range(0, 20).Select(_ => (object)new { path = "/nictune.v1.Agent/PutProfile", kind = "raw", hex = "0f0f0f0fffffffff" }),
            ],
            unix);
        string[] checkedCodes = ["INVALID_ARGUMENT", "NOT_FOUND", "INVALID_ARGUMENT", .. Enumerable.Repeat("UNKNOWN", 20)];
        Assert.Equal(checkedCodes, checkedByMethod.Select(Code));
        Assert.All(checkedByMethod, r => Assert.True(r.GetProperty("details").GetString()!.Length < 300, r.ToString()));
        Assert.True(Poll.Until(() => AuditLines(agent.Output).Count >= 23, Boot), agent.Output[output..]);

        // What the log got: one short line per audited call, nothing for the garbage at Information, no stack trace.
        var logged = agent.Output[output..];
        Assert.True(logged.Length < 64 << 10, $"{logged.Length} characters logged:\n{logged[..Math.Min(logged.Length, 4000)]}");
        Assert.DoesNotContain("   at ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", logged, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
    }

    /// <summary>The request each Agent method is called with; a method the descriptor gains must be added here.</summary>
    private static readonly Dictionary<string, object> Requests = new(StringComparer.Ordinal)
    {
        ["GetStatus"] = new { },
        ["ListInterfaces"] = new { },
        ["ListProfiles"] = new { },
        ["GetProfile"] = new { name = DaemonNamespace.ProfileName },
        ["PlanProfile"] = new { name = DaemonNamespace.ProfileName },
        ["WatchEvents"] = new { since = "0" },
        ["PutProfile"] = new { document = ApiProfiles.Pushed, apply = true },
        ["ApplyProfile"] = new { name = DaemonNamespace.ProfileName },
        ["Rollback"] = new { to = "ROLLBACK_TARGET_PREVIOUS" },
        ["Reload"] = new { },
        ["DeleteProfile"] = new { },
        ["ConfirmTransaction"] = new { id = "" },
    };

    /// <summary>Health's two methods and both reflection services, called by hand-encoded messages.</summary>
    private static readonly Call[] OtherServices =
    [
        new("/grpc.health.v1.Health/Check", "health", null, null),
        new("/grpc.health.v1.Health/Watch", "health-watch", null, null),
        new("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "reflection", null, null),
        new("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "reflection", null, null),
    ];

    private static Call Agent(string method, string path, object? request = null) => new(path, "agent", method, request ?? Requests[method]);

    private static string Spell(string path, string how) => how switch
    {
        "upper" => path.ToUpperInvariant(),
        "lower" => path.ToLowerInvariant(),
        "swapped" => string.Concat(path.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))),
        _ => path + "/",
    };

    private static string Code(JsonElement result) => result.GetProperty("code").GetString()!;

    private static List<(string Method, string Caller, string Result)> AuditLines(string output) =>
        [.. AuditLine().Matches(output).Select(m => (m.Groups["method"].Value, m.Groups["caller"].Value, m.Groups["result"].Value))];

    /// <summary>ApiLog.Audit: "API {Method} by {Caller}: {Request} → {Result}".</summary>
    [GeneratedRegex(@"API (?<method>/\S+) by (?<caller>.+?): .* → (?<result>.*)$", RegexOptions.Multiline)]
    private static partial Regex AuditLine();

    /// <summary>One call as grpc_client.py's batch() reads it.</summary>
    private sealed record Call(
        [property: System.Text.Json.Serialization.JsonPropertyName("path")] string Path,
        [property: System.Text.Json.Serialization.JsonPropertyName("kind")] string Kind,
        [property: System.Text.Json.Serialization.JsonPropertyName("method")] string? Method,
        [property: System.Text.Json.Serialization.JsonPropertyName("request")] object? Request);

    /// <summary>An identity, and how its client process is started.</summary>
    private sealed record Caller(string Name, string Audit, string[] Target, bool Allowed, string? User = null, string? Groups = null, string? Netns = null)
    {
        public IReadOnlyList<JsonElement> Run(IReadOnlyList<Call> calls) => PythonGrpc.Batch([.. calls], Target, Netns, User, Groups);
    }
}
