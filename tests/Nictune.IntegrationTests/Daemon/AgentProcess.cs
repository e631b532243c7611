using System.Diagnostics;
using System.Globalization;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// The real <c>nictune run</c> as a long-running child, started with <c>ip netns exec</c>. That execs the binary, so
/// <see cref="Pid"/> is nictune itself (checked through <c>/proc/PID/exe</c>) and signals reach the daemon, not a
/// wrapper. Every stdout and stderr line is kept, in arrival order, for waiting on and for failure messages.
/// Dispose kills the process if it still runs.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    /// <summary>Variables inherited from a test runner that would change how the daemon behaves or logs.</summary>
    private static readonly string[] Scrubbed =
        ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "INVOCATION_ID", "NICTUNE_TEST_PAUSE_AFTER_WRITE", "NICTUNE_TEST_PAUSE_PUSH_STEP", "NICTUNE_PROFILE_PATH"];

    private readonly Process _process;
    private readonly List<string> _lines = [];
    // Guards the lines; Monitor rather than Lock, because waiting for a line needs Wait/PulseAll.
    private readonly object _gate = new();
    private int _closedStreams;

    private readonly string _binary;

    private AgentProcess(Process process, string binary)
    {
        _process = process;
        _binary = binary;
    }

    public int Pid => _process.Id;

    /// <summary>Everything printed so far, one line each, stdout and stderr interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>How many lines have arrived: a mark to wait for lines printed after something the test did.</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public static AgentProcess Start(NetNamespace ns, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? binary = null)
    {
        binary ??= NictuneBinary.Path;
        var start = new ProcessStartInfo(Tools.Find("ip") ?? "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["netns", "exec", ns.Name, binary, .. args];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in Scrubbed)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var agent = new AgentProcess(process, binary);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            agent.WaitForExec();
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>The first line from <paramref name="from"/> on that matches; fails early with the output if the process ends first.</summary>
    public OutputLine WaitForLine(Func<string, bool> match, TimeSpan timeout, int from = 0)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                for (; from < _lines.Count; from++)
                {
                    if (match(_lines[from]))
                    {
                        return new OutputLine(from, _lines[from]);
                    }
                }

                if (_closedStreams == 2)
                {
                    throw new InvalidOperationException($"nictune (pid {Pid}) ended without printing the expected line:\n{string.Join('\n', _lines)}");
                }

                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"nictune (pid {Pid}) printed no expected line in {timeout.TotalSeconds} s:\n{string.Join('\n', _lines)}");
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    public OutputLine WaitForLine(string contains, TimeSpan timeout, int from = 0) =>
        WaitForLine(line => line.Contains(contains, StringComparison.Ordinal), timeout, from);

    /// <summary>Sends a signal by name (TERM, KILL) with the real <c>kill</c>.</summary>
    public void Signal(string name) => Tools.Check("kill", "-" + name, Pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Stops the process (SIGSTOP) until the returned scope ends (SIGCONT). Frozen inside a fault hook's pause, it is
    /// mid-transaction (its lock held, its journal written) for as long as the test needs, however slow the machine;
    /// the pause itself need only outlast the time the test takes to see the hook's line.
    /// </summary>
    public IDisposable Freeze()
    {
        Signal("STOP");
        return new Thaw(this);
    }

    private sealed class Thaw(AgentProcess process) : IDisposable
    {
        public void Dispose() => process.Signal("CONT");
    }

    /// <summary>The exit code (128 + signal when a signal ended it), once the process and its output have ended.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"nictune (pid {Pid}) did not exit in {timeout.TotalSeconds} s:\n{Output}");
        }

        // The overload without a timeout also waits for the redirected streams to reach end of file.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        lock (_gate)
        {
            if (line is null)
            {
                _closedStreams++;
            }
            else
            {
                _lines.Add(line);
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits until <c>ip</c> has exec'd nictune in the same process, so that a signal to <see cref="Pid"/> reaches the
    /// daemon. A process that already ended needs no check: its output tells what happened.
    /// </summary>
    private void WaitForExec()
    {
        var binary = Path.GetFullPath(_binary);
        var expected = File.ResolveLinkTarget(binary, returnFinalTarget: true)?.FullName ?? binary;
        var clock = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            string? exe = null;
            try
            {
                exe = File.ResolveLinkTarget($"/proc/{Pid}/exe", returnFinalTarget: false)?.FullName;
            }
            catch (IOException)
            {
                // The process ended between the check and the read.
            }

            if (exe == expected)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"pid {Pid} runs {exe}, not {expected}: 'ip netns exec' did not exec nictune");
            }

            Thread.Sleep(10);
        }
    }
}
