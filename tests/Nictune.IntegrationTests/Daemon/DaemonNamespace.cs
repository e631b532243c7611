using Nictune.IntegrationTests.Tuning;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// A <see cref="TuningNamespace"/> (its own netns with vt0/vt1, a state dir, a temp dir) made ready for the daemon:
/// the test profile <see cref="ProfileName"/> on a profile search path of its own, an agent.yaml, a notification
/// socket, and the agents started in it. Dispose kills the agents first, then deletes the namespace and the files.
/// </summary>
internal sealed class DaemonNamespace : IDisposable
{
    public const string ProfileName = "e2e";

    /// <summary>Every value differs from a fresh 4-queue veth's (gro off, tso on, 4 channels, txqueuelen 1000) and from the netns defaults.</summary>
    private const string Profile = """
        name: e2e
        description: what the daemon end-to-end tests tune
        sysctl:
          net.core.somaxconn: 8192
          net.ipv4.tcp_slow_start_after_idle: 0
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            features: { gro: on, tso: off }
            channels: { rx: 2, tx: 2 }
            txqueuelen: 5000
        """;

    /// <summary>The profile search path (ProfileCatalog.SearchPathVariable; no project reference here to name it).</summary>
    private const string ProfileCatalogVariable = "NICTUNE_PROFILE_PATH";

    private static readonly string[] Sysctls = ["net.core.somaxconn", "net.ipv4.tcp_slow_start_after_idle"];

    private readonly TuningNamespace _kernel;
    private readonly List<AgentProcess> _agents = [];
    private readonly string _dir;

    public DaemonNamespace()
    {
        _kernel = new TuningNamespace(queues: 4);
        try
        {
            _dir = Path.GetDirectoryName(_kernel.WriteProfile(ProfileName, Profile))!;
            Notify = new NotifyListener(Path.Join(_dir, "notify.sock"));
        }
        catch
        {
            _kernel.Dispose();
            throw;
        }
    }

    public NetNamespace Namespace => _kernel.Namespace;

    public string StateDir => _kernel.StateDir;

    public string JournalPath => Path.Join(StateDir, "journal.json");

    /// <summary>Where the daemon sends READY=1, STATUS=, STOPPING=1.</summary>
    public NotifyListener Notify { get; }

    /// <summary>Replaces the test profile's file, as an admin editing it before a reload would.</summary>
    public void RewriteProfile(string yaml) => _kernel.WriteProfile(ProfileName, yaml);

    /// <summary>The agent's API socket: in the test's own directory, so that agents of concurrent tests never meet.</summary>
    public string ApiSocket => Path.Join(_dir, "api.sock");

    /// <summary>The directory the test's files live in (profiles, agent.yaml, the API socket).</summary>
    public string TestDirectory => _dir;

    /// <summary>A valid agent.yaml for this namespace: the test profile, a 1 s drift interval, the API on <see cref="ApiSocket"/>.</summary>
    public string Config(string mode = "enforce", string onStop = "keep", string driftInterval = "1s", string api = "") => $"""
        state-dir: {StateDir}
        profile: {ProfileName}
        mode: {mode}
        drift-interval: {driftInterval}
        on-stop: {onStop}
        api:
          socket: {ApiSocket}
        {api}
        """;

    public string WriteConfig(string yaml)
    {
        var path = Path.Join(_dir, "agent.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>
    /// Starts <c>nictune run --config</c> in the namespace; <paramref name="faultHook"/> is
    /// NICTUNE_TEST_PAUSE_AFTER_WRITE (N:MS) when given.
    /// </summary>
    public AgentProcess StartAgent(string configFile, string? faultHook = null) => Start(["run", "--config", configFile], faultHook);

    /// <summary>
    /// Starts <c>nictune run --config</c> (the shipped build, as <see cref="StartAgent(string, string?)"/> does) with
    /// <paramref name="environment"/> added, such as the runtime's own DOTNET_* settings.
    /// </summary>
    public AgentProcess StartAgent(string configFile, IReadOnlyDictionary<string, string> environment)
    {
        var agent = AgentProcess.Start(Namespace, ["run", "--config", configFile], AgentEnvironment().Concat(environment).ToDictionary(), NictuneBinary.Path);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>
    /// Starts <c>nictune run --config</c> from the test build with test hooks set (variable → value, e.g. the adaptive
    /// rings' NICTUNE_TEST_RINGS and NICTUNE_TEST_DROP_FEED): only a test build honours them.
    /// </summary>
    public AgentProcess StartAgentWithHooks(string configFile, IReadOnlyDictionary<string, string> hooks) => Start(["run", "--config", configFile], null, hooks);

    /// <summary>Starts any nictune verb in the namespace as a long-running child (an apply held open by the fault hook).</summary>
    public AgentProcess Start(string[] args, string? faultHook = null, IReadOnlyDictionary<string, string>? hooks = null)
    {
        var environment = AgentEnvironment();
        if (faultHook is not null)
        {
            environment["NICTUNE_TEST_PAUSE_AFTER_WRITE"] = faultHook;
        }

        foreach (var (name, value) in hooks ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        // Only a test build has the hooks; without them the shipped binary is what runs.
        var agent = AgentProcess.Start(Namespace, args, environment, faultHook is null && hooks is null ? NictuneBinary.Path : NictuneBinary.FaultHookPath);
        _agents.Add(agent);
        return agent;
    }

    private Dictionary<string, string> AgentEnvironment() => new(StringComparer.Ordinal)
    {
        [ProfileCatalogVariable] = _dir,
        ["NOTIFY_SOCKET"] = Notify.Path,
    };

    /// <summary>A short-lived nictune command in the namespace (rollback, a run that must refuse to start).</summary>
    public ToolResult Nictune(params string[] args) =>
        Namespace.Exec([NictuneBinary.Path, .. args], new Dictionary<string, string?> { [ProfileCatalogVariable] = _dir }, TimeSpan.FromSeconds(60));

    /// <summary>Writes another profile next to the test profile (found by name on the same search path).</summary>
    public void WriteProfile(string name, string yaml) => _kernel.WriteProfile(name, yaml);

    public void AddVethPair(string a, string b) => Namespace.AddVethPair(a, b, queues: 4);

    public string Feature(string nic, string feature) => _kernel.Feature(nic, feature);

    /// <summary>Features, channels, txqueuelen of vt0/vt1 and the sysctls any test profile touches, read with the real tools.</summary>
    public string Snapshot() => _kernel.Snapshot();

    /// <summary>What the kernel holds now for every setting the test profile manages, read with ethtool, cat and sysctl.</summary>
    public SortedDictionary<string, string> Managed(params string[] nics)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var nic in nics)
        {
            state[$"{nic} gro"] = _kernel.Feature(nic, "generic-receive-offload");
            state[$"{nic} tso"] = _kernel.Feature(nic, "tcp-segmentation-offload");
            state[$"{nic} rx channels"] = _kernel.Channels(nic, "RX");
            state[$"{nic} tx channels"] = _kernel.Channels(nic, "TX");
            state[$"{nic} txqueuelen"] = Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim();
        }

        foreach (var key in Sysctls)
        {
            state[key] = _kernel.Sysctl(key);
        }

        return state;
    }

    /// <summary>What <see cref="Managed"/> reads once the test profile is fully applied.</summary>
    public static SortedDictionary<string, string> Wanted(params string[] nics)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["net.core.somaxconn"] = "8192",
            ["net.ipv4.tcp_slow_start_after_idle"] = "0",
        };
        foreach (var nic in nics)
        {
            state[$"{nic} gro"] = "on";
            state[$"{nic} tso"] = "off";
            state[$"{nic} rx channels"] = "2";
            state[$"{nic} tx channels"] = "2";
            state[$"{nic} txqueuelen"] = "5000";
        }

        return state;
    }

    public void Dispose()
    {
        try
        {
            foreach (var agent in _agents)
            {
                agent.Dispose();
            }
        }
        finally
        {
            Notify.Dispose();
            _kernel.Dispose();
        }
    }
}
