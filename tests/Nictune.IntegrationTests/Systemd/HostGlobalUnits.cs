namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// Units masked inside every test container, because each writes kernel state that is global to the machine (the
/// container is privileged and shares this machine's kernel): sysctl.d files (systemd-sysctl, Debian's procps),
/// binfmt_misc (systemd-binfmt and its mount), module loading (systemd-modules-load, Debian's kmod), the pstore
/// records (systemd-pstore) and the hardware clock (hwclock).
/// </summary>
internal static class HostGlobalUnits
{
    /// <summary>One test container at a time on the machine: each puts back the host-global values it found.</summary>
    public const string MachineLockFile = "/tmp/nictune-nspawn-test.lock";

    private static readonly string[] Masked =
    [
        "systemd-sysctl.service", "procps.service", "systemd-binfmt.service", "proc-sys-fs-binfmt_misc.automount",
        "proc-sys-fs-binfmt_misc.mount", "systemd-modules-load.service", "kmod.service", "systemd-pstore.service",
        "hwclock.service",
    ];

    /// <summary>Masks them in <paramref name="systemDirectory"/>, the directory the container sees as /etc/systemd/system.</summary>
    public static void MaskIn(string systemDirectory)
    {
        Directory.CreateDirectory(systemDirectory);
        foreach (var unit in Masked)
        {
            File.CreateSymbolicLink(Path.Join(systemDirectory, unit), "/dev/null");
        }
    }
}
