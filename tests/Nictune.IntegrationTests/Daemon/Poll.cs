using System.Diagnostics;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>Waits for the kernel to reach a state, checking often, with a bound instead of a fixed sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The bound on an agent's start (READY=1), or on a verb's run, on a loaded machine: the Debug build starts in a
    /// second on an idle one and takes tens of seconds when its cores are shared many ways. A bound, never a wait.
    /// </summary>
    public static readonly TimeSpan Boot = TimeSpan.FromSeconds(90);

    /// <summary>The bound on what the agent does within a tick or two of being asked (a pass, a reload, a log line), on a loaded machine.</summary>
    public static readonly TimeSpan Soon = TimeSpan.FromSeconds(45);

    /// <summary>True as soon as the condition holds; false when it still does not after <paramref name="timeout"/>.</summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
            {
                return true;
            }

            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            Thread.Sleep(Interval);
        }
    }
}
