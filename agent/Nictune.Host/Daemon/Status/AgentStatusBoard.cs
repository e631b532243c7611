using Nictune.Core.Profiles;
using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;

namespace Nictune.Host.Daemon.Status;

/// <summary>
/// The live status the work loop keeps up to date and any thread may read (<see cref="Snapshot"/>). The last
/// transaction is taken from the <see cref="TransactionFinished"/> events as they are published, so it never
/// disagrees with the event stream.
/// </summary>
public sealed class AgentStatusBoard
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly AgentEventFeed _events;
    private Profile? _profile;
    private ProfileSource _source;
    private PushedStatus _pushed = PushedStatus.Empty;
    private AgentMode _mode;
    private LastTransaction? _last;
    private IReadOnlyList<DriftedSetting> _drifted = [];
    private IReadOnlyList<SettingKey> _setAside = [];
    private bool _bootDone;

    // Continuations run inline: the API's health turns SERVING before the loop goes on to send READY=1.
    private readonly TaskCompletionSource _bootTuned = new();
    private IReadOnlyList<AdaptiveRingStatus> _adaptive = [];

    public AgentStatusBoard(AgentEventFeed events, TimeProvider? time = null)
    {
        _events = events;
        _time = time ?? TimeProvider.System;
        StartedAt = _time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public AgentStatus Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return new AgentStatus(_profile?.Name, _source, (long)_pushed.Generation, _mode, _last, _drifted, StartedAt, now - StartedAt, _bootDone, _events.LastSequence, _setAside)
            {
                Adaptive = _adaptive,
                Pushed = _pushed,
                Enforced = _profile,
            };
        }
    }

    /// <summary>The profile enforced from now on (null: none), where it came from, and the mode.</summary>
    public void SetProfile(Profile? profile, ProfileSource source, AgentMode mode)
    {
        lock (_gate)
        {
            (_profile, _source, _mode) = (profile, source, mode);
        }
    }

    /// <summary>The pushed store as the work loop last read it.</summary>
    public void SetPushed(PushedStatus pushed)
    {
        lock (_gate)
        {
            _pushed = pushed;
        }
    }

    /// <summary>What the last pass left: the settings drifted, and those set aside (refused by the kernel for good).</summary>
    public void SetDrifted(IReadOnlyList<DriftedSetting> drifted, IReadOnlyList<SettingKey>? setAside = null)
    {
        lock (_gate)
        {
            (_drifted, _setAside) = (drifted, setAside ?? []);
        }
    }

    /// <summary>What adaptive rings says after its last decision.</summary>
    public void SetAdaptive(IReadOnlyList<AdaptiveRingStatus> adaptive)
    {
        lock (_gate)
        {
            _adaptive = adaptive;
        }
    }

    /// <summary>Completes once the boot tune is done (<see cref="BootTuneDone"/>): what the API's health waits for.</summary>
    public Task BootTuned => _bootTuned.Task;

    public void BootTuneDone()
    {
        lock (_gate)
        {
            _bootDone = true;
        }

        _bootTuned.TrySetResult();
    }

    /// <summary>Publishes an event and, for a finished transaction, makes it the last one: one call, one truth.</summary>
    public AgentEvent Publish(AgentEventData data)
    {
        var published = _events.Publish(data);
        if (data is TransactionFinished t)
        {
            lock (_gate)
            {
                _last = new LastTransaction(t.TransactionId, published.Timestamp, t.Verb, t.Result, t.Duration, t.Counts, t.Message);
            }
        }

        return published;
    }
}
