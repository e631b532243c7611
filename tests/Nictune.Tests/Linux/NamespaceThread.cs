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
/// mounted sysfs, i.e. the host's. So bodies must never touch sysfs; sysfs writes are tested with the binary under
/// <c>ip netns exec</c>, which remounts sysfs.
/// </summary>
internal static class NamespaceThread
{

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
