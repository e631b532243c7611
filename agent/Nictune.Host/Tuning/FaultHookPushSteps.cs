using System.Globalization;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Tuning;

#if NICTUNE_FAULT_HOOK
/// <summary>
/// A test hook, compiled only into test builds (like <see cref="FaultHookSettingStore"/>; never the Release publish
/// we ship), and off unless <see cref="Variable"/> is set: after the named step of a write to the pushed store
/// (<see cref="PushedProfileStore.Staged"/>, <see cref="PushedProfileStore.Committed"/>,
/// <see cref="PushedProfileStore.Tidied"/>) the process pauses for the given time and says so on stderr, so that a
/// functional test can kill -9 the real binary at every step of a push. The format is <c>STEP:MILLISECONDS</c>, e.g.
/// <c>committed:30000</c>.
/// </summary>
internal static class FaultHookPushSteps
{
    public const string Variable = "NICTUNE_TEST_PAUSE_PUSH_STEP";

    /// <summary>The pause as a store's step callback when the hook is set; null otherwise. A malformed value is ignored.</summary>
    public static Action<string>? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable)?.Split(':') is not [var step, var milliseconds]
            || !int.TryParse(milliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }

        return done =>
        {
            if (done == step)
            {
                Console.Error.WriteLine($"nictune: fault hook: paused after push step {step}");
                Console.Error.Flush();
                Thread.Sleep(ms);
            }
        };
    }
}
#endif
