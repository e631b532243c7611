using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Nictune.IntegrationTests.Packaging;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// A Debian guest under qemu-system-x86_64 (TCG) whose NICs are bound to the real Linux drivers, with the nictune
/// binary on its 9p share "io" (docs/testing-guest.md). QEMU runs inside <c>unshare -n</c>: the multiqueue tap
/// behind the virtio NIC exists only in that namespace, and the host's interfaces are never touched. Scenarios run
/// one at a time through the guest's second serial port; the guest powers off on <see cref="Dispose"/>.
/// </summary>
internal sealed class QemuGuest : IDisposable
{
    /// <summary>Generous: a TCG boot on a loaded 2-core machine takes from 10 s to a minute.</summary>
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan PowerOffTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The console on the first serial port; a panic powers off (with -no-reboot). no_timer_check skips the boot's
    /// check that the timer interrupt arrives through the IO-APIC, which a TCG guest on a loaded host can fail
    /// ("IO-APIC + timer doesn't work") though the timer works.
    /// </summary>
    private const string KernelCommandLine = "console=ttyS0 panic=-1 loglevel=4 no_timer_check";

    /// <summary>A running script's request to the host (<see cref="Run"/>).</summary>
    private const string AskPrefix = "ask ";

    private int _scenarios;

    private readonly Process _qemu;
    private readonly Socket _control;
    private readonly StreamReader _replies;
    private readonly string _io;

    private QemuGuest(Process qemu, Socket control, string io)
    {
        _qemu = qemu;
        _control = control;
        _replies = new StreamReader(new NetworkStream(control, ownsSocket: false), Encoding.ASCII);
        _io = io;
    }

    /// <summary>Wall time from starting QEMU to the guest's first answer (drivers loaded, interfaces up).</summary>
    public TimeSpan BootTime { get; private set; }

    /// <summary>The guest's own uptime, in seconds, when it answered.</summary>
    public string ReadyUptime { get; private set; } = string.Empty;

    /// <summary>The guest's console (kernel messages and its PID 1's), for failure messages.</summary>
    public string Console => File.Exists(Path.Join(_io, "console.log")) ? File.ReadAllText(Path.Join(_io, "console.log")) : string.Empty;

    /// <summary>QEMU's monitor (QMP) for this guest, for the scenarios that hot-plug.</summary>
    public string QmpSocket => Path.Join(_io, "qmp.sock");

    /// <summary>
    /// A process in QEMU's network namespace (<c>unshare -n</c> execs the shell that execs QEMU, so they are one
    /// process), for <c>nsenter -t PID -n</c>: slirp's hostfwd listens there, not on the host.
    /// </summary>
    public int NetworkNamespacePid => _qemu.Id;

    /// <summary>The nictune binary in the guest: guest-init.sh copies it from the share to its PATH.</summary>
    public const string Nictune = "nictune";

    public static QemuGuest Boot(GuestImage image, GuestMachine machine)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(machine);
        var binary = NictuneBinary.Path;
        // A framework-dependent build needs a .NET runtime the guest does not have; the NativeAOT binary needs only glibc.
        Prerequisite.Require(
            !File.Exists(Path.ChangeExtension(binary, ".dll")),
            $"NICTUNE_BIN naming the NativeAOT binary (dotnet publish agent/Nictune.Host -r linux-x64 -c Release): {binary} needs a .NET runtime the guest lacks");

        var io = System.IO.Directory.CreateTempSubdirectory("nictune-guest-").FullName;
        try
        {
            File.Copy(binary, Path.Join(io, "nictune"));
            CopyProfiles(binary, Path.Join(io, "profiles"));
            File.Copy(Path.Join(GuestImage.ScriptDirectory, "guest-init.sh"), Path.Join(io, "init.sh"));
            File.WriteAllText(Path.Join(io, "modules"), string.Join(' ', machine.Nics.Select(n => n.Driver).Distinct()) + "\n");
            File.WriteAllText(Path.Join(io, "nics"), machine.Nics.Count.ToString(CultureInfo.InvariantCulture) + "\n");
            if (machine.Systemd)
            {
                CopyPackage(binary, io);
            }

            var clock = Stopwatch.StartNew();
            var qemu = Start(image, machine, io);
            try
            {
                var guest = new QemuGuest(qemu, Connect(qemu, Path.Join(io, "control.sock"), io), io);
                var ready = guest.ReadLine(BootTimeout, "the guest's ready line");
                if (!ready.StartsWith("ready ", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the guest answered '{ready}' instead of ready");
                }

                guest.BootTime = clock.Elapsed;
                guest.ReadyUptime = ready["ready ".Length..];
                return guest;
            }
            catch
            {
                Stop(qemu);
                throw;
            }
        }
        catch
        {
            System.IO.Directory.Delete(io, recursive: true);
            throw;
        }
    }

    /// <summary>Runs a bash script in the guest and returns its exit code and everything it printed.</summary>
    /// <remarks>
    /// Each run has a name of its own, so the answer of an earlier run that timed out is told from this one's and
    /// skipped. A script may ask the host to act while it runs (an <c>ask REQUEST</c> line on the control port, see
    /// daemon-scenarios.sh): <paramref name="ask"/> acts and its answer is sent back as one line, which the script
    /// reads before it goes on.
    /// </remarks>
    public GuestResult Run(string name, string script, TimeSpan timeout, Func<string, string>? ask = null)
    {
        name = $"{name}-{Interlocked.Increment(ref _scenarios).ToString(CultureInfo.InvariantCulture)}";
        File.WriteAllText(Path.Join(_io, name + ".sh"), script);
        Send($"run {name}");
        var prefix = $"done {name} ";
        var deadline = DateTime.UtcNow + timeout;
        string reply;
        do
        {
            reply = ReadLine(TimeSpan.FromTicks(Math.Max(0, (deadline - DateTime.UtcNow).Ticks)), $"scenario {name}");
            if (reply.StartsWith(AskPrefix, StringComparison.Ordinal))
            {
                var request = reply[AskPrefix.Length..];
                Send("answer " + (ask ?? throw new InvalidOperationException($"scenario {name} asked '{request}' of a run that answers nothing"))(request));
            }
        }
        while (!reply.StartsWith(prefix, StringComparison.Ordinal));

        var output = File.ReadAllText(Path.Join(_io, name + ".out"));
        return new GuestResult(int.Parse(reply[prefix.Length..], CultureInfo.InvariantCulture), output);
    }

    public void Dispose()
    {
        try
        {
            Send("poweroff");
        }
        catch (SocketException)
        {
            // The guest is already gone; Stop below waits for QEMU either way.
        }

        // The control port stays connected until QEMU exits: hanging up right after the line can lose it before the
        // guest's serial port has read it, and QEMU then waits out PowerOffTimeout for a guest that never heard it.
        if (!_qemu.WaitForExit(PowerOffTimeout))
        {
            Stop(_qemu);
        }

        _replies.Dispose();
        _control.Dispose();
        _qemu.Dispose();
        System.IO.Directory.Delete(_io, recursive: true);
    }

    /// <summary>
    /// The shipped profiles the binary was published with (its <c>profiles</c> folder), else the checkout's
    /// packaging/profiles; the guest puts them where the package does, /usr/lib/nictune/profiles.
    /// </summary>
    private static void CopyProfiles(string binary, string destination)
    {
        var published = Path.Join(Path.GetDirectoryName(binary), "profiles");
        var source = System.IO.Directory.Exists(published) ? published : Path.Join(NictuneBinary.RepoRoot, "packaging", "profiles");
        System.IO.Directory.CreateDirectory(destination);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*.yaml"))
        {
            File.Copy(file, Path.Join(destination, Path.GetFileName(file)));
        }
    }

    /// <summary>
    /// The .deb <c>packaging/build.sh --deb-only</c> makes of the binary, for guest-init.sh to install before it boots
    /// systemd, and the snapshot its guest-baseline.service takes after systemd-sysctl and before nictune starts (into
    /// baseline.out). Its members are stored uncompressed, which spares xz-compressing the binary on the host and
    /// decompressing it under TCG (docs/testing-guest.md, "Where the time goes"); the packaging tests check the package
    /// as it ships.
    /// </summary>
    private static void CopyPackage(string binary, string io)
    {
        Prerequisite.RequireTool("dpkg-deb");
        var packages = System.IO.Directory.CreateTempSubdirectory("nictune-guest-deb-");
        try
        {
            // The version the binary says it is ("0.1.0+commit"), which spares build.sh an msbuild evaluation.
            var version = Tools.Check(binary, "--version").Trim().Split('+')[0];
            var deb = Assert.Single(BuiltPackages.Build(binary, version, packages.FullName, debOnly: true, uncompressed: true));
            Assert.EndsWith(".deb", deb, StringComparison.Ordinal);
            File.Copy(deb, Path.Join(io, "nictune.deb"));
        }
        finally
        {
            packages.Delete(recursive: true);
        }

        File.WriteAllText(Path.Join(io, "snapshot.sh"), GuestScripts.Snapshot + "\nsnapshot\n");
    }

    private static Process Start(GuestImage image, GuestMachine machine, string io)
    {
        string[] qemu =
        [
            "qemu-system-x86_64", "-nodefaults", "-no-reboot", "-display", "none",
            "-accel", "tcg,thread=multi", "-smp", machine.Cpus.ToString(CultureInfo.InvariantCulture), "-m", "1024",
            "-kernel", image.Kernel, "-initrd", image.Initramfs, "-append", KernelCommandLine,
            "-serial", $"file:{io}/console.log",
            "-chardev", $"socket,id=control,path={io}/control.sock,server=on,wait=off", "-serial", "chardev:control",
            "-qmp", $"unix:{io}/qmp.sock,server=on,wait=off",
            "-fsdev", $"local,id=root,path={image.Root},security_model=none,readonly=on",
            "-device", "virtio-9p-pci,fsdev=root,mount_tag=root",
            "-fsdev", $"local,id=io,path={io},security_model=none",
            "-device", "virtio-9p-pci,fsdev=io,mount_tag=io",
            .. machine.Smbios is { } smbios ? new[] { "-smbios", smbios } : [],
            .. machine.Nics.SelectMany((nic, i) => nic.QemuArguments(i)),
        ];

        // The taps the NICs need, created in the new namespace before QEMU opens them.
        var taps = string.Concat(machine.Nics.Select((nic, i) => nic.TapSetup(i)));
        var start = new ProcessStartInfo(Tools.Find("unshare") ?? "unshare") { UseShellExecute = false };
        foreach (var arg in new[] { "-n", "--", "bash", "-c", $"set -e; ip link set lo up; {taps} exec \"$@\" >'{io}/qemu.log' 2>&1", "bash" }.Concat(qemu))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start unshare");
    }

    private static Socket Connect(Process qemu, string path, string io)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            if (qemu.HasExited)
            {
                throw new InvalidOperationException($"QEMU exited {qemu.ExitCode} before the guest started:\n{Log(io)}");
            }

            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void Send(string line)
    {
        _control.Send(Encoding.ASCII.GetBytes(line + "\n"));
    }

    private string ReadLine(TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = _replies.ReadLineAsync(cancel.Token).AsTask().GetAwaiter().GetResult()
                    ?? throw new InvalidOperationException($"the guest closed its control port while waiting for {what}:\n{Log(_io)}");
                // The serial line may carry noise before the guest opened it; answers start with a known word.
                line = line.Trim('\r', '\0', ' ');
                if (line.StartsWith("ready ", StringComparison.Ordinal) || line.StartsWith("done ", StringComparison.Ordinal) || line.StartsWith(AskPrefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no answer from the guest within {timeout} for {what}:\n{Log(_io)}");
        }
    }

    private static void Stop(Process qemu)
    {
        if (!qemu.HasExited)
        {
            qemu.Kill(entireProcessTree: true);
            qemu.WaitForExit(PowerOffTimeout);
        }
    }

    private static string Log(string io)
    {
        static string Tail(string path) => File.Exists(path) ? File.ReadAllText(path) is var text && text.Length > 3000 ? text[^3000..] : File.ReadAllText(path) : "(none)";
        return $"console:\n{Tail(Path.Join(io, "console.log"))}\nqemu:\n{Tail(Path.Join(io, "qemu.log"))}";
    }
}

internal sealed record GuestResult(int ExitCode, string Output);
