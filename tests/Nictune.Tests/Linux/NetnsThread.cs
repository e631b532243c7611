using Tmds.Linux;

namespace Nictune.Tests.Linux;

/// <summary>
/// Runs code on a dedicated thread that has joined a test network namespace with setns(2). Sockets opened there
/// stay in that namespace after the thread ends, so the test can use them from anywhere without ever seeing
/// the host's interfaces. The thread is never returned to a pool, so no other work runs in the namespace.
/// </summary>
internal static class NetnsThread
{
    public static T Run<T>(string namespaceName, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{namespaceName}");
                if (LibC.setns((int)handle.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
                {
                    throw new IOException($"setns({namespaceName}) failed: errno {LibC.errno}");
                }

                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            Name = $"netns {namespaceName}",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"in network namespace {namespaceName}: {failure.Message}", failure);
        }

        return result!;
    }
}
