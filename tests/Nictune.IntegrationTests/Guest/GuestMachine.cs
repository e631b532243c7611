using System.Globalization;

namespace Nictune.IntegrationTests.Guest;

/// <summary>What a test guest is made of: its vCPUs, its DMI and its NICs.</summary>
/// <param name="Smbios">A QEMU <c>-smbios</c> value, or null for QEMU's own DMI (sys_vendor "QEMU").</param>
internal sealed record GuestMachine(int Cpus, string? Smbios, IReadOnlyList<GuestNic> Nics)
{
    /// <summary>
    /// Whether the guest boots systemd as PID 1 with nictune's .deb installed (guest-init.sh), instead of running the
    /// bare binary under guest-init.sh.
    /// </summary>
    public bool Systemd { get; init; }

    /// <summary>The netdev id of the first NIC bound to <paramref name="driver"/>.</summary>
    public string NetdevOf(string driver)
    {
        var index = Nics.ToList().FindIndex(n => n.Driver == driver);
        return index >= 0 ? GuestNic.Netdev(index) : throw new ArgumentException($"the guest has no {driver} NIC", nameof(driver));
    }

    /// <summary>VMware's DMI strings (a comma inside a QEMU option value is written twice).</summary>
    public const string VMwareSmbios = "type=1,manufacturer=VMware,, Inc.,product=VMware Virtual Platform";

    /// <summary>Queue pairs of the multiqueue virtio NIC: more than the vCPUs, so "max" and "cpus" differ.</summary>
    public const int VirtioQueuePairs = 4;

    /// <summary>
    /// Every NIC QEMU 7.2 emulates with a driver nictune has rules for, on 2 vCPUs: vmxnet3, e1000, e1000e, a
    /// multiqueue virtio-net on a tap and a single-queue (modern) virtio-net on user-mode networking.
    /// </summary>
    public static GuestMachine AllDrivers(string? smbios) => new(2, smbios,
    [
        GuestNic.User("vmxnet3", "vmxnet3"),
        GuestNic.User("e1000", "e1000"),
        GuestNic.User("e1000e", "e1000e"),
        GuestNic.MultiqueueVirtio(VirtioQueuePairs),
        GuestNic.User("virtio_net", "virtio-net-pci,disable-legacy=on"),
    ]);

    /// <summary>
    /// What VMware's DMI changes and no more: vmxnet3 (paravirtual under VMware), e1000 (emulated, advised to
    /// VMXNET3) and the single-queue virtio-net (single-queue advice), on VMware's DMI strings. Fewer NICs than
    /// <see cref="AllDrivers"/>: each one adds to the boot and to every process that walks the NICs.
    /// </summary>
    public static GuestMachine VMware() => new(2, VMwareSmbios,
    [
        GuestNic.User("vmxnet3", "vmxnet3"),
        GuestNic.User("e1000", "e1000"),
        GuestNic.User("virtio_net", "virtio-net-pci,disable-legacy=on"),
    ]);

    /// <summary>
    /// vmxnet3 alone, its user-mode netdev forwarding UDP <paramref name="port"/> from QEMU's network namespace to the
    /// guest (slirp's hostfwd): traffic the host sends there arrives on the vmxnet3 ring.
    /// </summary>
    public static GuestMachine Vmxnet3WithUdpForward(int port) => new(2, null,
    [
        GuestNic.User("vmxnet3", "vmxnet3") with { UdpForward = port },
    ]);
}

/// <summary>One emulated NIC and the backend behind it.</summary>
/// <param name="Driver">The Linux driver that binds it (what the guest modprobes).</param>
/// <param name="Device">The QEMU <c>-device</c> value, without its netdev.</param>
/// <param name="TapQueues">The queues of a tap backend, or 0 for user-mode networking (which has one queue).</param>
internal sealed record GuestNic(string Driver, string Device, int TapQueues)
{
    public static GuestNic User(string driver, string device) => new(driver, device, 0);

    /// <summary>
    /// A UDP port slirp forwards to the same port of the guest's address (10.0.2.15, slirp's default), or 0: slirp
    /// listens on it in QEMU's network namespace (<c>hostfwd=udp::PORT-:PORT</c>). User-mode networking only.
    /// </summary>
    public int UdpForward { get; init; }

    /// <summary>virtio-net with several queue pairs: a multiqueue tap and 2N+2 MSI-X vectors.</summary>
    public static GuestNic MultiqueueVirtio(int queuePairs) =>
        new("virtio_net", $"virtio-net-pci,mq=on,vectors={(2 * queuePairs) + 2}", queuePairs);

    /// <summary>
    /// QEMU's arguments for this NIC, without its PXE option ROM (<c>romfile=</c>): the guest boots its kernel
    /// directly, and SeaBIOS would initialise each NIC's ROM under TCG first (docs/testing-guest.md, "Where the time
    /// goes").
    /// </summary>
    public IEnumerable<string> QemuArguments(int index)
    {
        var netdev = TapQueues > 0
            ? $"tap,id={Netdev(index)},ifname={Tap(index)},script=no,downscript=no,queues={TapQueues.ToString(CultureInfo.InvariantCulture)}"
            : $"user,id={Netdev(index)}" + (UdpForward > 0 ? $",hostfwd=udp::{UdpForward.ToString(CultureInfo.InvariantCulture)}-:{UdpForward.ToString(CultureInfo.InvariantCulture)}" : string.Empty);
        return ["-netdev", netdev, "-device", $"{Device},netdev={Netdev(index)},romfile="];
    }

    /// <summary>The shell commands that create this NIC's tap (in QEMU's own network namespace), or nothing.</summary>
    public string TapSetup(int index) =>
        TapQueues > 0 ? $"ip tuntap add dev {Tap(index)} mode tap multi_queue; ip link set {Tap(index)} up;" : string.Empty;

    /// <summary>The id of the NIC's netdev, what QEMU's monitor names it by (<c>set_link</c>).</summary>
    public static string Netdev(int index) => $"net{index.ToString(CultureInfo.InvariantCulture)}";

    private static string Tap(int index) => $"tap{index.ToString(CultureInfo.InvariantCulture)}";
}
