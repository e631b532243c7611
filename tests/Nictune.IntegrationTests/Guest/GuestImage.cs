using System.Security.Cryptography;
using System.Text;
using Nictune.IntegrationTests.Systemd;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// The guest the QEMU tests boot: a Debian kernel, its initramfs and a debootstrap root, built by build-guest.sh
/// from Debian's packages and cached outside the clone (<c>$NICTUNE_GUEST_CACHE</c>, else
/// /var/cache/nictune-tests/guest) under a hash of the recipe, so a changed recipe builds a new guest. The cache is
/// only read once built: the guest mounts the root read-only under a throw-away overlay.
/// </summary>
internal sealed record GuestImage(string Directory)
{
    private const string DefaultCache = "/var/cache/nictune-tests/guest";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(12);

    public string Kernel => Path.Join(Directory, "vmlinuz");

    public string Initramfs => Path.Join(Directory, "initrd.img");

    public string Root => Path.Join(Directory, "root");

    public string KernelRelease => File.ReadAllText(Path.Join(Directory, "kernel-release")).Trim();

    /// <summary>The scripts beside this file: the recipe and the guest's PID 1.</summary>
    public static string ScriptDirectory => Path.Join(NictuneBinary.RepoRoot, "tests", "Nictune.IntegrationTests", "Guest");

    /// <summary>The cached guest, built first when absent (which takes minutes: debootstrap and a kernel download).</summary>
    public static GuestImage Ensure()
    {
        var mirror = AptMirror.FromThisMachine();
        var recipe = Path.Join(ScriptDirectory, "build-guest.sh");
        var cache = Environment.GetEnvironmentVariable("NICTUNE_GUEST_CACHE") is { Length: > 0 } configured ? configured : DefaultCache;
        var image = new GuestImage(Path.Join(cache, $"{mirror.Suite}-{Key(File.ReadAllText(recipe), mirror)}"));
        if (image.IsBuilt)
        {
            return image;
        }

        System.IO.Directory.CreateDirectory(cache);
        using var buildLock = MachineLock.Acquire(Path.Join(cache, ".build.lock"), LockWait);
        if (image.IsBuilt)
        {
            return image;
        }

        foreach (var tool in new[] { "debootstrap", "apt-get", "dpkg", "depmod", "modprobe", "cpio", "gzip" })
        {
            Prerequisite.RequireTool(tool);
        }

        // ldd fails on a static executable: the initramfs has no libc for a dynamic one.
        Prerequisite.Require(
            File.Exists("/bin/busybox") && Tools.Run("ldd", "/bin/busybox").ExitCode != 0,
            "a static busybox at /bin/busybox (Debian's busybox-static), for the guest's initramfs");
        Prerequisite.Require(mirror.IsKnown, $"an http(s) Debian source for '{mirror.Suite}' in /etc/apt/sources.list*, to build the guest from");
        var result = Tools.Run("bash", [recipe, image.Directory, mirror.Uri!, mirror.Suite], stdin: null, environment: null, BuildTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{recipe} exited {result.ExitCode}:\n{Tail(result.Stdout + result.Stderr)}");
        }

        return image;
    }

    private bool IsBuilt => File.Exists(Kernel) && File.Exists(Initramfs) && File.Exists(Path.Join(Directory, "kernel-release"));

    private static string Key(string recipe, AptMirror mirror) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{recipe}\n{mirror.Uri}\n{mirror.Suite}")))[..16];

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
