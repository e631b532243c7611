using System.Diagnostics;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>Waits for the kernel to reach a state, checking often, with a bound instead of a fixed sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

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
