namespace Nictune.Core.Guard;

/// <summary>
/// The health guard's procedure around one transaction (docs/guard.md): <see cref="Before"/> looks at the interfaces
/// the plan will change (carrier, rx counter, which probes answer through each, which default gateways' neighbour
/// entries become REACHABLE); <see cref="After"/>, once the change is made, waits for the link check, then the probes,
/// then the gateways, then the counter window, each within its bound, and returns the verdict. It observes only
/// through <see cref="IHealthObserver"/>, waits only on its <see cref="TimeProvider"/>; the rules are <see cref="GuardRules"/>.
/// </summary>
public sealed class HealthGuard(GuardPolicy policy, IHealthObserver observer, TimeProvider? time = null)
{
    /// <summary>How often a condition that may still come true is looked at again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public GuardPolicy Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>Looks at each target before the change; with the counter check this takes one window.</summary>
    public IReadOnlyList<GuardBefore> Before(IReadOnlyList<GuardTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!Policy.IsActive || targets.Count == 0)
        {
            return [];
        }

        var first = Sample(targets);
        var second = first;
        if (Policy.CountersWindow is { } window)
        {
            Wait(window);
            second = Sample(targets);
        }

        var result = new List<GuardBefore>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var now = second[i];
            var reachable = now is null
                ? []
                : Policy.Probes.Where(p => observer.Probe(p, target.Interface, Policy.ProbeTimeout) is null).ToList();
            var gateways = now is null || !Policy.Gateway
                ? []
                : observer.Gateways(target.Interface).Where(g => Resolve(target.Interface, g, out _).Status == NeighbourStatus.Reachable).ToList();
            result.Add(new GuardBefore(target, now, Policy.CountersWindow is not null && GuardRules.Rose(first[i], now), reachable) { Gateways = gateways });
        }

        return result;
    }

    /// <summary>Checks every target once the change is made; returns when all checks passed or a bound ran out.</summary>
    public GuardVerdict After(IReadOnlyList<GuardBefore> before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var start = _time.GetTimestamp();
        var failures = new List<GuardEvidence>();
        if (before.Count == 0)
        {
            return new GuardVerdict(failures, TimeSpan.Zero);
        }

        var checking = before;
        if (Policy.Link)
        {
            failures.AddRange(WaitForCarrier(before, start));
            checking = [.. before.Where(b => failures.All(f => f.Interface != b.Target.Interface))];
        }

        failures.AddRange(checking.SelectMany(b => b.Reachable.Select(p => ProbeUntil(b, p)).OfType<GuardEvidence>()));
        failures.AddRange(checking.SelectMany(b => b.Gateways.Select(g => GatewayUntil(b, g)).OfType<GuardEvidence>()));
        if (Policy.CountersWindow is { } window)
        {
            checking = [.. checking.Where(b => b.RxRising && failures.All(f => f.Interface != b.Target.Interface))];
            if (checking.Count > 0)
            {
                var targets = checking.Select(b => b.Target).ToList();
                var first = Sample(targets);
                Wait(window);
                var last = Sample(targets);
                failures.AddRange(checking.Select((b, i) => GuardRules.Counters(b, first[i]?.RxPackets, last[i]?.RxPackets, window)).OfType<GuardEvidence>());
            }
        }

        return new GuardVerdict(failures, _time.GetElapsedTime(start));
    }

    private List<GuardEvidence> WaitForCarrier(IReadOnlyList<GuardBefore> before, long start)
    {
        var failures = new List<GuardEvidence>();
        var waiting = before.ToList();
        while (waiting.Count > 0)
        {
            var elapsed = _time.GetElapsedTime(start);
            var still = new List<GuardBefore>();
            var samples = Sample([.. waiting.Select(b => b.Target)]);
            for (var i = 0; i < waiting.Count; i++)
            {
                var b = waiting[i];
                if (GuardRules.Link(b, samples[i], elapsed, Policy.LinkTimeout, out var settled) is { } failed)
                {
                    failures.Add(failed);
                }
                else if (!settled)
                {
                    still.Add(b);
                }
            }

            waiting = still;
            if (waiting.Count > 0)
            {
                Wait(PollInterval);
            }
        }

        return failures;
    }

    private GuardEvidence? ProbeUntil(GuardBefore before, GuardProbe probe)
    {
        var began = _time.GetTimestamp();
        string? why;
        while ((why = observer.Probe(probe, before.Target.Interface, Remaining(began))) is not null)
        {
            if (_time.GetElapsedTime(began) >= Policy.ProbeTimeout)
            {
                return GuardRules.Probe(before, probe, why, Policy.ProbeTimeout);
            }

            Wait(PollInterval);
        }

        return null;
    }

    private GuardEvidence? GatewayUntil(GuardBefore before, System.Net.IPAddress gateway)
    {
        var last = Resolve(before.Target.Interface, gateway, out var took);
        return last.Status is NeighbourStatus.Reachable or NeighbourStatus.Static
            ? null
            : GuardRules.Gateway(before, gateway, last.State, took, Policy.ProbeTimeout);
    }

    /// <summary>
    /// Has the kernel confirm <paramref name="gateway"/> afresh and watches its entry until it is REACHABLE (or an entry
    /// that is never resolved) or <see cref="GuardPolicy.ProbeTimeout"/> ran out; asks again each time the kernel
    /// gives up (FAILED) within the bound. Returns the entry as last seen.
    /// </summary>
    private NeighbourSample Resolve(string nic, System.Net.IPAddress gateway, out TimeSpan took)
    {
        var began = _time.GetTimestamp();
        var why = observer.Solicit(gateway, nic);
        while (true)
        {
            var sample = observer.Neighbour(gateway, nic);
            took = _time.GetElapsedTime(began);
            if (sample.Status is NeighbourStatus.Reachable or NeighbourStatus.Static)
            {
                return sample;
            }

            if (took >= Policy.ProbeTimeout)
            {
                return why is null ? sample : sample with { State = $"{sample.State} ({why})" };
            }

            if (sample.Status == NeighbourStatus.Failed)
            {
                why = observer.Solicit(gateway, nic);
            }

            Wait(PollInterval);
        }
    }

    /// <summary>One look at every target's link, in their order, through the observer's one call for them all.</summary>
    private IReadOnlyList<LinkSample?> Sample(IReadOnlyList<GuardTarget> targets) => observer.Sample([.. targets.Select(t => t.Interface)]);

    /// <summary>Blocks the calling thread for <paramref name="span"/> as measured by the guard's <see cref="TimeProvider"/>.</summary>
    private void Wait(TimeSpan span)
    {
        using var elapsed = new ManualResetEventSlim();
        using var timer = _time.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), elapsed, span, Timeout.InfiniteTimeSpan);
        elapsed.Wait();
    }

    private TimeSpan Remaining(long began)
    {
        var left = Policy.ProbeTimeout - _time.GetElapsedTime(began);
        return left > PollInterval ? left : PollInterval;
    }
}
