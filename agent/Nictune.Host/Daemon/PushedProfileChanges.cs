using Microsoft.Extensions.Logging;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Daemon;

/// <summary>
/// A push or an unpush in its turn of the work loop. The pushed store's record is read once; the caller's expected
/// generation is checked against it, the store is written after it, and the tuner is told what the store now holds
/// (the profile parsed when the push was accepted, the document stored, the new generation), so nothing is read back
/// from disk. Turns are serialized by the loop, so a check and the write it guards never interleave with another push.
/// </summary>
internal sealed class PushedProfileChanges(IAgentTuner tuner, AgentStatusBoard board, AgentSettingsSource settings, ILogger logger)
{
    /// <exception cref="StaleGenerationException">Nothing was done.</exception>
    /// <exception cref="StateStoreException">The store could not be read or written; nothing was changed.</exception>
    public async Task<PushResult> PushAsync(ProfilePush push)
    {
        var store = Store();
        var (current, held) = store.ReadRecord();
        StaleGenerationException.ThrowIfStale(push.ExpectedGeneration, current);
        var name = push.Profile.Name;
        var stored = !(push.IfChanged && store.Holds(current, held, name, push.Document));
        var generation = stored ? store.Push(name, push.Document, current) : current;
        if (stored)
        {
            board.Publish(new ProfilePushed(name));
        }

        try
        {
            var applied = await tuner.UsePushedProfileAsync(push.Profile, new PushedStatus(generation, name, push.Document, Problem: null), push.Apply, CancellationToken.None).ConfigureAwait(false);
            return new PushResult(generation, stored, applied, null);
        }
        catch (Exception e)
        {
            // Stored, and enforced from the next pass: the caller hears both, not an error that hides the store.
            var id = Protocol.Api.ApiErrors.NewCorrelationId();
            AgentLog.PushNotApplied(logger, name, generation, id, e);
            var why = e is StateStoreException ? e.Message : $"an unexpected error (id {id} in the agent's log)";
            return new PushResult(generation, stored, null, $"the pass that applies it failed: {why}; the agent tries again at its next pass");
        }
    }

    /// <summary>Removes the pushed profile <paramref name="name"/> and applies the configured profile again; nothing when another is pushed by then.</summary>
    /// <exception cref="StaleGenerationException">Nothing was done.</exception>
    /// <exception cref="StateStoreException">The store could not be read or written; nothing was changed.</exception>
    public async Task<UnpushResult> UnpushAsync(string name, ulong expectedGeneration)
    {
        var store = Store();
        var (current, held) = store.ReadRecord();
        StaleGenerationException.ThrowIfStale(expectedGeneration, current);
        if (held != name)
        {
            return new UnpushResult(current, held, null);
        }

        var generation = store.Remove(current);
        board.Publish(new ProfileDeleted(name));
        var applied = await tuner.UseConfiguredProfileAsync(new PushedStatus(generation, null, null, Problem: null), CancellationToken.None).ConfigureAwait(false);
        return new UnpushResult(generation, null, applied);
    }

    /// <summary>What the store holds now, for a push whose pass may be reverted (<see cref="PushedBefore"/>).</summary>
    /// <exception cref="StateStoreException">The store cannot be read: nothing could be put back, so the push is refused.</exception>
    public PushedBefore Before()
    {
        var state = Store().Read();
        return new PushedBefore(state.Generation, state.Name, state.Text);
    }

    private PushedProfileStore Store() => new(settings.Current.StateDirectory, PushSteps());

    /// <summary>The test builds' fault hook on the pushed store's steps (<c>Tuning/FaultHookPushSteps</c>); none in the Release build.</summary>
    private static Action<string>? PushSteps() =>
#if NICTUNE_FAULT_HOOK
        Tuning.FaultHookPushSteps.FromEnvironment();
#else
        null;
#endif
}
