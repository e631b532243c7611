using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// A systemd-nspawn container booting a real systemd as its PID 1, on a machine whose own PID 1 is not systemd.
/// What that takes: --register=no and --keep-unit (there is no host systemd to register with or run a scope);
/// SYSTEMD_NSPAWN_API_VFS_WRITABLE=1 (or /sys and /proc/sys are read-only inside, and nothing can be tuned);
/// SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 with --system-call-filter=bpf (or systemd cannot attach the BPF programs
/// behind IPAddressDeny= and silently does not enforce it). The container has its own network namespace with a
/// veth (--network-veth), and its root is the cached Debian root under a throw-away overlay (--volatile=overlay).
/// Commands run inside through nsenter into its PID 1, since machinectl needs a host systemd. Disposing it always
/// stops it: a halt request first, then SIGKILL to nspawn and to the container's PID 1 (which ends every process
/// in its PID namespace), then the host end of the veth.
/// </summary>
internal sealed class NspawnContainer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HaltTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _nspawn;
    private readonly StringBuilder _console = new();

    private NspawnContainer(string name, Process nspawn)
    {
        Name = name;
        _nspawn = nspawn;
    }

    public string Name { get; }

    /// <summary>The container's PID 1 (its systemd) as the host sees it.</summary>
    public int HostPid1 { get; private set; }

    /// <summary>What nspawn and the container's console printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    /// <param name="binds">host path, path inside the container, and whether the container may write it.</param>
    public static NspawnContainer Boot(string root, string name, IEnumerable<(string Host, string Container, bool Writable)> binds)
    {
        var start = new ProcessStartInfo(Tools.Find("systemd-nspawn") ?? "systemd-nspawn")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SYSTEMD_NSPAWN_API_VFS_WRITABLE"] = "1";
        start.Environment["SYSTEMD_NSPAWN_UNIFIED_HIERARCHY"] = "1";
        foreach (var arg in new[]
        {
            "--quiet", "--register=no", "--keep-unit", "--network-veth", "--system-call-filter=bpf",
            "--volatile=overlay", "--console=pipe", "-D", root, "-M", name,
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (host, inside, writable) in binds)
        {
            start.ArgumentList.Add($"{(writable ? "--bind" : "--bind-ro")}={host}:{inside}");
        }

        start.ArgumentList.Add("--boot");
        var nspawn = Process.Start(start) ?? throw new InvalidOperationException("could not start systemd-nspawn");
        nspawn.StandardInput.Close();
        var container = new NspawnContainer(name, nspawn);
        nspawn.OutputDataReceived += (_, e) => container.Append(e.Data);
        nspawn.ErrorDataReceived += (_, e) => container.Append(e.Data);
        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();
        try
        {
            container.WaitForPid1();
            container.WaitUntilBooted();
            return container;
        }
        catch
        {
            container.Dispose();
            throw;
        }
    }

    /// <summary>Runs a shell script inside the container (all its namespaces) and returns what it printed.</summary>
    public ToolResult Run(string script, TimeSpan? timeout = null) =>
        Tools.Run(
            "nsenter",
            ["-t", HostPid1.ToString(CultureInfo.InvariantCulture), "-a", "/bin/sh", "-c", script],
            stdin: null,
            environment: null,
            timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>Like <see cref="Run"/>, but a non-zero exit fails with everything the script printed.</summary>
    public string Check(string script, TimeSpan? timeout = null)
    {
        var result = Run(script, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"in container {Name}: `{script}` exited {result.ExitCode}:\n{result.Stdout}{result.Stderr}");
        }

        return result.Stdout.Trim();
    }

    /// <summary>One property of a unit, as <c>systemctl show -p NAME --value</c> prints it.</summary>
    public string Property(string unit, string property) => Check($"systemctl show -p {property} --value {unit}");

    public void Dispose()
    {
        try
        {
            if (!_nspawn.HasExited)
            {
                // nspawn turns SIGTERM into a halt request for the container's systemd.
                Tools.Run("kill", ["-TERM", _nspawn.Id.ToString(CultureInfo.InvariantCulture)], stdin: null, environment: null, TimeSpan.FromSeconds(5));
                if (!_nspawn.WaitForExit(HaltTimeout))
                {
                    Kill(_nspawn.Id);
                }
            }

            if (HostPid1 > 0 && Directory.Exists($"/proc/{HostPid1}") && ParentOf(HostPid1) == _nspawn.Id)
            {
                Kill(HostPid1);
            }

            _nspawn.WaitForExit(HaltTimeout);
        }
        finally
        {
            _nspawn.Dispose();
            DeleteHostVeth();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_console)
        {
            _console.AppendLine(line);
        }
    }

    /// <summary>The container's PID 1 is the nspawn process's child that runs systemd.</summary>
    private void WaitForPid1()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_nspawn.HasExited)
            {
                throw new InvalidOperationException($"systemd-nspawn exited {_nspawn.ExitCode} before the container started:\n{Output}");
            }

            var child = Directory.EnumerateDirectories("/proc")
                .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
                .FirstOrDefault(pid => pid > 0 && ParentOf(pid) == _nspawn.Id && CommandOf(pid) == "systemd");
            if (child > 0)
            {
                HostPid1 = child;
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"no systemd under systemd-nspawn after {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void WaitUntilBooted()
    {
        // Until PID 1 has set up its namespaces and its private socket, nsenter or systemctl fail: retry those. Then
        // --wait returns once startup is over: "running", or "degraded" when some unit failed.
        var clock = Stopwatch.StartNew();
        ToolResult state;
        do
        {
            state = Run("systemctl is-system-running --wait", BootTimeout);
            if (state.Stdout.Trim() is "running" or "degraded")
            {
                return;
            }

            Thread.Sleep(250);
        }
        while (clock.Elapsed < BootTimeout && !_nspawn.HasExited);

        throw new InvalidOperationException($"container {Name} did not finish booting: {state.Stdout}{state.Stderr}\n{Output}");
    }

    private void DeleteHostVeth()
    {
        // The host end is named ve-<machine>; it goes with the container's namespace, but never leave one behind.
        var veth = "ve-" + Name;
        if (veth.Length <= 15 && Directory.Exists($"/sys/class/net/{veth}"))
        {
            Tools.Run("ip", ["link", "del", veth], stdin: null, environment: null, TimeSpan.FromSeconds(10));
        }

        var propagate = $"/run/systemd/nspawn/propagate/{Name}";
        if (Directory.Exists(propagate) && !Directory.EnumerateFileSystemEntries(propagate).Any())
        {
            Directory.Delete(propagate);
        }
    }

    private static void Kill(int pid) =>
        Tools.Run("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], stdin: null, environment: null, TimeSpan.FromSeconds(5));

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? CommandOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
