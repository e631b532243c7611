using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Nictune.Testing;
using Tmds.Linux;

namespace Nictune.Tests.Linux;

/// <summary>
/// Runs code in-process inside a test network namespace: a dedicated thread joins the namespace with setns(2) and
/// then runs the body. The network namespace is per thread, so the rest of the test process stays in the host's.
/// What follows the thread: sockets it creates (and so ethtool ioctls) and /proc/sys/net, which the kernel resolves
/// against the opening thread's namespace. What does not: /sys/class/net, which shows the namespace of whoever
/// mounted sysfs, i.e. the host's. So bodies of <see cref="Run{T}(NetNamespace, Func{T})"/> must never touch sysfs;
/// <see cref="RunWithSysfs{T}"/> also gives the thread a mount namespace of its own with the network namespace's sysfs
/// on /sys, as <c>ip netns exec</c> does, which dies with the thread.
/// </summary>
internal static partial class NamespaceThread
{
    private const ulong MsRec = 0x4000;
    private const ulong MsSlave = 0x80000;
    private const int MntDetach = 2;

    /// <summary>
    /// <paramref name="body"/> on a thread in the namespace that sees the namespace's own /sys/class/net: a private mount
    /// namespace (unshare(CLONE_NEWNS) unshares only the calling thread's fs), / made a slave so nothing propagates back,
    /// and a fresh sysfs mounted over /sys.
    /// </summary>
    public static T RunWithSysfs<T>(NetNamespace ns, Func<T> body) => Run(ns, () =>
    {
        Check(LibC.unshare(LibC.CLONE_NEWNS), "unshare(CLONE_NEWNS)");
        Check(mount(string.Empty, "/", "none", MsRec | MsSlave, 0), "mount(/, MS_REC|MS_SLAVE)");
        Check(Unmount("/sys", MntDetach), "umount2(/sys, MNT_DETACH)");
        Check(mount(ns.Name, "/sys", "sysfs", 0, 0), "mount(sysfs, /sys)");
        return body();
    });

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int mount(string source, string target, string fileSystemType, ulong flags, nint data);

    private static unsafe int Unmount(string target, int flags)
    {
        var path = System.Text.Encoding.UTF8.GetBytes(target + "\0");
        fixed (byte* p = path)
        {
            var result = LibC.umount2(p, flags);
            Marshal.SetLastPInvokeError(LibC.errno);
            return result;
        }
    }

    public static T Run<T>(NetNamespace ns, Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(ns.Name);
                result = body();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {ns.Name}",
        };
        thread.Start();

        // The thread is never reused: it dies with the namespace joined, so nothing else runs in that namespace.
        thread.Join();
        failure?.Throw();
        return result;
    }

    public static void Run(NetNamespace ns, Action body) => Run(ns, () =>
    {
        body();
        return 0;
    });

    private static void Enter(string name)
    {
        using var handle = File.OpenHandle($"/run/netns/{name}");
        if (LibC.setns((int)handle.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
        {
            throw new InvalidOperationException($"setns(/run/netns/{name}) failed: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
        }
    }
}
