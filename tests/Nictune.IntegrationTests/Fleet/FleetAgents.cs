using System.Diagnostics;
using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// A fleet on one machine: <see cref="Count"/> real <c>nictune run</c> agents, each in a network namespace of its own
/// with one veth end (<see cref="Nic"/>) whose peer sits in a shared hub namespace, its own state directory, API socket
/// and metrics endpoint (<c>10.213.x.y:10910</c> on its veth, reachable from the hub, where Prometheus runs). Every
/// agent starts with the profile <see cref="BaseProfileName"/>, whose values are the kernel's own, so the boot tunes
/// write nothing. Dispose kills every agent, then deletes the namespaces and the files, whatever happened before.
/// </summary>
internal sealed class FleetAgents : IDisposable
{
    public const string Nic = "fl0";
    public const string BaseProfileName = "fleet-base";
    public const int MetricsPort = 10910;

    /// <summary>The profile every agent is configured with: the values a fresh veth and namespace already hold.</summary>
    private const string BaseProfile = """
        name: fleet-base
        description: the fleet test's configured profile; the kernel's own values, so the boot tune writes nothing
        sysctl:
          net.core.somaxconn: 4096
        interfaces:
          - match: { driver: [veth], name: "fl*" }
            txqueuelen: 1000
        """;

    /// <summary>The profile search path (ProfileCatalog.SearchPathVariable).</summary>
    private const string ProfileCatalogVariable = "NICTUNE_PROFILE_PATH";

    private readonly List<NetNamespace> _namespaces = [];
    private readonly List<AgentProcess> _agents = [];
    private readonly DirectoryInfo _dir;

    public FleetAgents(int count)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ethtool");
        Prerequisite.RequireTool("sysctl");
        Count = count;
        _dir = Directory.CreateTempSubdirectory("nictune-fleet-");
        try
        {
            Directory.CreateDirectory(ProfileDirectory);
            File.WriteAllText(Path.Join(ProfileDirectory, BaseProfileName + ".yaml"), BaseProfile);
            Hub = NetNamespace.Create("nflhub");
            for (var i = 0; i < count; i++)
            {
                _namespaces.Add(Wire(i));
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                _agents.Add(Start(i));
            }

            foreach (var agent in _agents)
            {
                agent.WaitForLine("Boot tune done", TimeSpan.FromSeconds(180));
            }

            StartTime = clock.Elapsed;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count { get; }

    /// <summary>The namespace that holds every veth's peer; Prometheus runs there.</summary>
    public NetNamespace Hub { get; private set; } = null!;

    /// <summary>How long the agents took from the first start to the last boot tune done.</summary>
    public TimeSpan StartTime { get; }

    public string Root => _dir.FullName;

    public string ProfileDirectory => Path.Join(_dir.FullName, "profiles");

    public NetNamespace Namespace(int i) => _namespaces[i];

    public AgentProcess Agent(int i) => _agents[i];

    public static string HostName(int i) => string.Create(CultureInfo.InvariantCulture, $"a{i}");

    public string AgentDirectory(int i) => Path.Join(_dir.FullName, HostName(i));

    public string StateDirectory(int i) => Path.Join(AgentDirectory(i), "state");

    public string ConfigFile(int i) => Path.Join(AgentDirectory(i), "agent.yaml");

    public string Target(int i) => "unix://" + Path.Join(AgentDirectory(i), "api.sock");

    /// <summary>Agent i's metrics endpoint, on its side of the veth: 10.213.0.1, 10.213.0.5, ... (a /30 each).</summary>
    public static string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"10.213.{i * 4 / 256}.{(i * 4 % 256) + 1}");

    public static string MetricsEndpoint(int i) => string.Create(CultureInfo.InvariantCulture, $"{Address(i)}:{MetricsPort}");

    public string Config(int i, string mode = "enforce") => $"""
        state-dir: {StateDirectory(i)}
        profile: {BaseProfileName}
        mode: {mode}
        drift-interval: 1h
        api:
          socket: {Path.Join(AgentDirectory(i), "api.sock")}
        metrics:
          listen: ["{MetricsEndpoint(i)}"]
        """;

    /// <summary>A short-lived nictune command (a client verb against agent i, or anything else).</summary>
    public static ToolResult Nictune(params string[] args) => NictuneBinary.Run([.. args], environment: null, TimeSpan.FromSeconds(60));

    /// <summary>The agents' resident memory added up (VmRSS of each process), in bytes.</summary>
    public long TotalRss()
    {
        long total = 0;
        foreach (var agent in _agents)
        {
            var line = File.ReadLines($"/proc/{agent.Pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        return total;
    }

    /// <summary>What agent i's namespace holds for the settings the fleet's profiles manage, read with sysctl, cat and ethtool.</summary>
    public FleetValues Read(int i)
    {
        var script = $"sysctl -n net.core.somaxconn; cat /sys/class/net/{Nic}/tx_queue_len; ethtool -k {Nic}";
        var lines = _namespaces[i].CheckExec("sh", "-c", script).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string Feature(string name) => lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0];
        return new FleetValues(lines[0], lines[1], Feature("generic-receive-offload"), Feature("tcp-segmentation-offload"));
    }

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        foreach (var ns in _namespaces)
        {
            ns.Dispose();
        }

        Hub?.Dispose();
        _dir.Delete(recursive: true);
    }

    /// <summary>Agent i's namespace, its veth with the peer in the hub, and a /30 on each end.</summary>
    private NetNamespace Wire(int i)
    {
        var ns = NetNamespace.Create("nfl");
        try
        {
            var peer = string.Create(CultureInfo.InvariantCulture, $"h{i}");
            var hubAddress = string.Create(CultureInfo.InvariantCulture, $"10.213.{i * 4 / 256}.{(i * 4 % 256) + 2}");
            ns.Ip("link", "add", Nic, "type", "veth", "peer", "name", peer, "netns", Hub.Name);
            ns.Ip("addr", "add", Address(i) + "/30", "dev", Nic);
            ns.Ip("link", "set", Nic, "up");
            Hub.Ip("addr", "add", hubAddress + "/30", "dev", peer);
            Hub.Ip("link", "set", peer, "up");
            Directory.CreateDirectory(AgentDirectory(i));
            File.WriteAllText(ConfigFile(i), Config(i));
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    private AgentProcess Start(int i) => AgentProcess.Start(
        _namespaces[i],
        ["run", "--config", ConfigFile(i)],
        new Dictionary<string, string>(StringComparer.Ordinal) { [ProfileCatalogVariable] = ProfileDirectory });
}
