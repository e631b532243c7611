using Nictune.Core.Guard;
using Xunit;

namespace Nictune.Tests.Guard;

public sealed class HealthGuardTests
{
    /// <summary>Answers from scripts: each interface's carrier samples in turn (the last repeats), each probe's answers likewise.</summary>
    private sealed class ScriptedObserver : IHealthObserver
    {
        public Dictionary<string, Queue<bool>> Carrier { get; } = [];

        public Queue<string?> ProbeAnswers { get; init; } = new();

        public int Samples { get; private set; }

        public LinkSample? Sample(string nic)
        {
            Samples++;
            var script = Carrier[nic];
            return new LinkSample(script.Count > 1 ? script.Dequeue() : script.Peek(), 0);
        }

        public string? Probe(GuardProbe probe, string nic, TimeSpan timeout) => ProbeAnswers.Count > 1 ? ProbeAnswers.Dequeue() : ProbeAnswers.Peek();
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
}
