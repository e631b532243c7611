using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nictune.Core.Guard;
using Xunit;

namespace Nictune.Tests.Guard;

public sealed class HealthGuardTests
{
    /// <summary>
    /// Answers from scripts: each interface's carrier samples in turn (the last repeats), the rx counter, each probe's
    /// answers and the gateway's neighbour entry likewise.
    /// </summary>
    private sealed class ScriptedObserver : IHealthObserver
    {
        public Dictionary<string, Queue<bool>> Carrier { get; } = [];

        public Queue<string?> ProbeAnswers { get; init; } = new();

        public int Samples { get; private set; }

        /// <summary>The rounds: calls that look at several interfaces at once.</summary>
        public int Rounds { get; private set; }

        public IReadOnlyList<LinkSample?> Sample(IReadOnlyList<string> nics)
        {
            Rounds++;
            return [.. nics.Select(Sample)];
        }

        public LinkSample? Sample(string nic)
        {
            Samples++;
            var script = Carrier[nic];
            return new LinkSample(script.Count > 1 ? script.Dequeue() : script.Peek(), Next(Rx));
        }

        public Queue<long> Rx { get; init; } = new([0]);

        public List<IPAddress> DefaultGateways { get; init; } = [];

        public Queue<NeighbourSample> NeighbourAnswers { get; init; } = new();

        public int Solicits { get; private set; }

        public string? Probe(GuardProbe probe, string nic, TimeSpan timeout) => Next(ProbeAnswers);

        public IReadOnlyList<IPAddress> Gateways(string nic) => DefaultGateways;

        public string? Solicit(IPAddress neighbour, string nic)
        {
            Solicits++;
            return null;
        }

        public NeighbourSample Neighbour(IPAddress neighbour, string nic) => Next(NeighbourAnswers);

        private static T Next<T>(Queue<T> script) => script.Count > 1 ? script.Dequeue() : script.Peek();
    }

    private static readonly GuardPolicy Policy = GuardPolicy.Default with { LinkTimeout = GuardPolicy.MinTimeout, ProbeTimeout = GuardPolicy.MinTimeout };

    [Fact]
    public void A_carrier_that_never_comes_back_fails_the_link_check_at_its_bound()
    {
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([true, false]) } };
        var guard = new HealthGuard(Policy, observer);

        var verdict = guard.After(guard.Before([new GuardTarget("eth0", ResetsLink: true)]));

        Assert.False(verdict.Healthy);
        Assert.Equal(GuardChecks.Link, Assert.Single(verdict.Failures).Check);
        Assert.True(verdict.Took >= Policy.LinkTimeout);
    }

    [Fact]
    public void A_carrier_that_comes_back_within_the_bound_is_healthy()
    {
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([true, false, false, true]) } };
        var guard = new HealthGuard(Policy, observer);

        var verdict = guard.After(guard.Before([new GuardTarget("eth0", ResetsLink: true)]));

        Assert.True(verdict.Healthy, verdict.Summary);
    }

    [Fact]
    public void A_probe_that_answered_before_the_change_and_not_after_fails_and_names_the_probe()
    {
        var probe = new GuardProbe(System.Net.IPAddress.Parse("192.0.2.1"), 22);
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([true]) }, ProbeAnswers = new([null, "connect: ConnectionRefused"]) };
        var guard = new HealthGuard(Policy with { Probes = [probe] }, observer);

        var verdict = guard.After(guard.Before([new GuardTarget("eth0", ResetsLink: false)]));

        var failure = Assert.Single(verdict.Failures);
        Assert.Equal(GuardChecks.Probe, failure.Check);
        Assert.Contains("tcp 192.0.2.1:22 answered before the change", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_that_did_not_answer_before_the_change_is_not_required_after_it()
    {
        var probe = new GuardProbe(System.Net.IPAddress.Parse("192.0.2.1"), 22);
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([true]) }, ProbeAnswers = new(["connect: NetworkUnreachable"]) };
        var guard = new HealthGuard(Policy with { Probes = [probe] }, observer);

        Assert.True(guard.After(guard.Before([new GuardTarget("eth0", ResetsLink: false)])).Healthy);
    }

    [Fact]
    public void A_guard_with_nothing_to_check_looks_at_nothing()
    {
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([false]) } };
        var guard = new HealthGuard(GuardPolicy.Off, observer);

        var before = guard.Before([new GuardTarget("eth0", ResetsLink: true)]);

        Assert.Empty(before);
        Assert.True(guard.After(before).Healthy);
        Assert.Equal(0, observer.Samples);
    }

    /// <summary>
    /// Each round of the guard looks at all its interfaces in one call to the observer, which the Linux one answers
    /// with one rtnetlink dump (docs/guard.md): before the change, then the link check once the carrier is back.
    /// </summary>
    [Fact]
    public void The_guard_looks_at_all_its_interfaces_in_one_call_per_round()
    {
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([true]), ["eth1"] = new([true]), ["eth2"] = new([true]) } };
        var guard = new HealthGuard(Policy, observer);

        var verdict = guard.After(guard.Before([new GuardTarget("eth0", ResetsLink: true), new GuardTarget("eth1", ResetsLink: false), new GuardTarget("eth2", ResetsLink: true)]));

        Assert.True(verdict.Healthy, verdict.Summary);
        Assert.Equal(2, observer.Rounds);
        Assert.Equal(6, observer.Samples);
    }

    private static readonly IPAddress Gateway = IPAddress.Parse("10.0.0.1");

    private static NeighbourSample Entry(NeighbourStatus status, string state) => new(status, state);

    private static readonly NeighbourSample Reachable = Entry(NeighbourStatus.Reachable, "REACHABLE");

    [Fact]
    public void A_gateway_that_answered_before_the_change_and_not_after_fails_with_the_state_last_seen_and_is_asked_again_each_time_it_failed()
    {
        var observer = new ScriptedObserver
        {
            Carrier = { ["eth0"] = new([true]) },
            DefaultGateways = [Gateway],
            NeighbourAnswers = new([Reachable, Entry(NeighbourStatus.Pending, "PROBE"), Entry(NeighbourStatus.Failed, "FAILED")]),
        };
        var guard = new HealthGuard(Policy with { Gateway = true }, observer);

        var before = guard.Before([new GuardTarget("eth0", ResetsLink: false)]);
        var verdict = guard.After(before);

        Assert.Equal(Gateway, Assert.Single(Assert.Single(before).Gateways));
        var failure = Assert.Single(verdict.Failures);
        Assert.Equal((GuardChecks.Probe, "eth0"), (failure.Check, failure.Interface));
        Assert.StartsWith("neighbour 10.0.0.1 (default gateway) on eth0 FAILED after 1.", failure.Detail, StringComparison.Ordinal);
        Assert.True(verdict.Took >= Policy.ProbeTimeout);
        // Once before, once after the change, then again at each poll that found it FAILED.
        Assert.True(observer.Solicits > 3, $"{observer.Solicits} solicitations");
    }

    [Fact]
    public void A_gateway_that_answers_again_after_the_change_is_healthy()
    {
        var observer = new ScriptedObserver
        {
            Carrier = { ["eth0"] = new([true]) },
            DefaultGateways = [Gateway],
            NeighbourAnswers = new([Reachable, Entry(NeighbourStatus.Pending, "PROBE"), Reachable]),
        };
        var guard = new HealthGuard(Policy with { Gateway = true }, observer);

        var verdict = guard.After(guard.Before([new GuardTarget("eth0", ResetsLink: false)]));

        Assert.True(verdict.Healthy, verdict.Summary);
        Assert.Equal(2, observer.Solicits);
    }

    [Theory]
    [InlineData(NeighbourStatus.Failed, "FAILED")]
    [InlineData(NeighbourStatus.Static, "PERMANENT")]
    public void A_gateway_that_did_not_become_reachable_before_the_change_is_not_required_after_it(NeighbourStatus status, string state)
    {
        var observer = new ScriptedObserver
        {
            Carrier = { ["eth0"] = new([true]) },
            DefaultGateways = [Gateway],
            NeighbourAnswers = new([Entry(status, state)]),
        };
        var guard = new HealthGuard(Policy with { Gateway = true }, observer);

        var before = guard.Before([new GuardTarget("eth0", ResetsLink: false)]);

        Assert.Empty(Assert.Single(before).Gateways);
        Assert.True(guard.After(before).Healthy);
    }

    [Fact]
    public void The_counters_window_is_measured_on_the_guards_time_provider()
    {
        // A window of a minute on a fake clock: with a real sleep, Before and After would take two minutes.
        var time = new FakeTimeProvider();
        var window = GuardPolicy.MaxCountersWindow;
        var observer = new ScriptedObserver { Carrier = { ["eth0"] = new([true]) }, Rx = new([0, 10, 10]) };
        var guard = new HealthGuard(GuardPolicy.Off with { CountersWindow = window }, observer, time);
        var started = DateTimeOffset.UtcNow;

        var before = Advancing(time, () => guard.Before([new GuardTarget("eth0", ResetsLink: false)]));
        var verdict = Advancing(time, () => guard.After(before));

        Assert.True(Assert.Single(before).RxRising);
        var failure = Assert.Single(verdict.Failures);
        Assert.Equal(GuardChecks.Counters, failure.Check);
        Assert.Contains("(10 then 10 over 60.0s)", failure.Detail, StringComparison.Ordinal);
        Assert.True(verdict.Took >= window, $"took {verdict.Took} on the fake clock");
        Assert.True(DateTimeOffset.UtcNow - started < window, "the guard waited on the real clock");
    }

    /// <summary>Runs <paramref name="wait"/> on another thread and moves the fake clock on a second at a time until it returns.</summary>
    private static T Advancing<T>(FakeTimeProvider time, Func<T> wait)
    {
        var task = Task.Run(wait);
        while (!task.Wait(TimeSpan.FromMilliseconds(5), TestContext.Current.CancellationToken))
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return task.Result;
    }
}
