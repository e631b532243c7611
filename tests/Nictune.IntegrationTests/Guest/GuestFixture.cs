using System.Collections.Concurrent;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// One booted guest shared by the tests of a class: a TCG boot costs tens of seconds, a scenario a few. It boots when
/// the first test asks for it, inside that test, so a missing prerequisite is that test's visible skip (a failure
/// under CI=true) and every later test meets the same outcome.
/// </summary>
public abstract class GuestFixture : IDisposable
{
    private readonly Lazy<QemuGuest> _guest;
    private readonly ConcurrentDictionary<string, Lazy<GuestResult>> _runs = new(StringComparer.Ordinal);

    private protected GuestFixture(GuestMachine machine)
    {
        Machine = machine;
        _guest = new Lazy<QemuGuest>(() => Boot(machine), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal GuestMachine Machine { get; }

    internal QemuGuest Guest => _guest.Value;

    /// <summary>
    /// A scenario run once per guest, its output shared by every test that checks part of it: a process start in
    /// the guest costs a good fraction of a second, so tests that only read facts share one run.
    /// </summary>
    internal GuestResult RunOnce(string name, string script, TimeSpan timeout) =>
        _runs.GetOrAdd(name, _ => new Lazy<GuestResult>(() => Guest.Run(name, script, timeout), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public void Dispose()
    {
        if (_guest.IsValueCreated)
        {
            _guest.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private static QemuGuest Boot(GuestMachine machine)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("qemu-system-x86_64");
        Prerequisite.RequireTool("unshare");
        Prerequisite.RequireTool("ip");
        Prerequisite.Require(File.Exists("/dev/net/tun"), "/dev/net/tun, for the multiqueue virtio NIC's tap");
        return QemuGuest.Boot(GuestImage.Ensure(), machine);
    }
}

/// <summary>Every driver, with QEMU's own DMI.</summary>
public sealed class QemuDmiGuest() : GuestFixture(GuestMachine.AllDrivers(smbios: null));

/// <summary>vmxnet3, e1000 and virtio-net with VMware's DMI strings.</summary>
public sealed class VMwareDmiGuest() : GuestFixture(GuestMachine.VMware());

/// <summary>Every driver, with systemd as PID 1 and nictune's .deb installed before it booted.</summary>
public sealed class SystemdGuest() : GuestFixture(GuestMachine.AllDrivers(smbios: null) with { Systemd = true });

/// <summary>The guest tests run one class at a time: each TCG guest wants both of the machine's cores.</summary>
[CollectionDefinition(Name)]
public sealed class GuestSerial
{
    public const string Name = "qemu-guest";
}
