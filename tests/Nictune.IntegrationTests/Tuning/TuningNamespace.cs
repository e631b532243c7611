using Nictune.Testing;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// A network namespace with one multi-queue veth pair (vt0/vt1), a state dir and a profile dir of its own, and the
/// real nictune binary run inside the namespace with <c>ip netns exec</c> (which mounts the namespace's own sysfs).
/// Everything is observed with the real <c>ethtool</c> and <c>sysctl</c> binaries.
/// </summary>
internal sealed class TuningNamespace : IDisposable
{
    private readonly DirectoryInfo _dir;

    public TuningNamespace(int queues = 4)
    {
        Prerequisite.RequireTool("ethtool");
        Prerequisite.RequireTool("sysctl");
        Namespace = NetNamespace.Create("nictune-tune");
        try
        {
            Namespace.AddVethPair("vt0", "vt1", queues);
            _dir = Directory.CreateTempSubdirectory("nictune-tune-");
        }
        catch
        {
            Namespace.Dispose();
            throw;
        }

        StateDir = Path.Join(_dir.FullName, "state");
    }

    public NetNamespace Namespace { get; }

    public string StateDir { get; }

    public string WriteProfile(string name, string yaml)
    {
        var path = Path.Join(_dir.FullName, name + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public ToolResult Nictune(params string[] args) =>
        Namespace.Exec([NictuneBinary.Path, .. args], environment: null, TimeSpan.FromSeconds(60));

    public string Ethtool(params string[] args) => Namespace.CheckExec(["ethtool", .. args]);

    public string Sysctl(string key) => Namespace.CheckExec("sysctl", "-n", key).Trim();

    /// <summary>"on"/"off" for one feature as <c>ethtool -k</c> prints it.</summary>
    public string Feature(string nic, string feature)
    {
        foreach (var line in Ethtool("-k", nic).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(feature + ":", StringComparison.Ordinal))
            {
                return trimmed[(feature.Length + 1)..].Trim().Split(' ')[0];
            }
        }

        throw new InvalidOperationException($"ethtool -k {nic} has no {feature}");
    }

    /// <summary>The current (not maximum) channel count of a kind, as <c>ethtool -l</c> prints it.</summary>
    public string Channels(string nic, string kind)
    {
        var current = Ethtool("-l", nic).Split("Current hardware settings:")[1];
        foreach (var line in current.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(kind + ":", StringComparison.Ordinal))
            {
                return trimmed[(kind.Length + 1)..].Trim();
            }
        }

        throw new InvalidOperationException($"ethtool -l {nic} has no {kind}");
    }

    /// <summary>Everything the test profiles may touch, read with the real tools, for before/after comparison.</summary>
    public string Snapshot()
    {
        var parts = new List<string>();
        foreach (var nic in new[] { "vt0", "vt1" })
        {
            parts.Add(Ethtool("-k", nic));
            parts.Add(Ethtool("-l", nic));
            parts.Add(Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len"));
        }

        foreach (var key in new[] { "net.ipv4.tcp_rmem", "net.core.somaxconn", "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.ip_local_port_range" })
        {
            parts.Add(key + "=" + Sysctl(key));
        }

        return string.Join("\n", parts);
    }

    public void Dispose()
    {
        try
        {
            Namespace.Dispose();
        }
        finally
        {
            _dir.Delete(recursive: true);
        }
    }
}
