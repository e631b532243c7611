namespace Nictune.Testing;

/// <summary>
/// A network namespace that the test creates and always deletes, with veth pairs inside it.
/// Nothing here touches the host's own interfaces or its global sysctls.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    private NetNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Creates a uniquely named namespace; requires root and iproute2.</summary>
    public static NetNamespace Create(string prefix = "nictune")
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        var name = $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        Tools.Check("ip", "netns", "add", name);
        var ns = new NetNamespace(name);
        try
        {
            ns.Ip("link", "set", "lo", "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Adds a veth pair inside the namespace and brings both ends up.</summary>
    public void AddVethPair(string a, string b, int? queues = null)
    {
        var args = new List<string> { "link", "add", a };
        if (queues is { } q)
        {
            args.AddRange(["numtxqueues", q.ToString(System.Globalization.CultureInfo.InvariantCulture), "numrxqueues", q.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["type", "veth", "peer", "name", b]);
        if (queues is { } q2)
        {
            args.AddRange(["numtxqueues", q2.ToString(System.Globalization.CultureInfo.InvariantCulture), "numrxqueues", q2.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        Ip([.. args]);
        Ip("link", "set", a, "up");
        Ip("link", "set", b, "up");
    }

    public string Ip(params string[] args) => Tools.Check("ip", ["-n", Name, .. args]);

    /// <summary>Runs a command inside the namespace with <c>ip netns exec</c>.</summary>
    public ToolResult Exec(params string[] command) => Tools.Run("ip", ["netns", "exec", Name, .. command]);

    public ToolResult Exec(IEnumerable<string> command, IDictionary<string, string?>? environment, TimeSpan? timeout = null) =>
        Tools.Run("ip", ["netns", "exec", Name, .. command], stdin: null, environment, timeout);

    public string CheckExec(params string[] command)
    {
        var result = Exec(command);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} in {Name} exited {result.ExitCode}: {result.Stderr}");
        }

        return result.Stdout;
    }

    public void Dispose() => Tools.Run("ip", "netns", "delete", Name);
}
