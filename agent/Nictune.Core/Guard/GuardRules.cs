using System.Globalization;

namespace Nictune.Core.Guard;

/// <summary>
/// The guard's rules on what it observed, without waiting or I/O: each says whether a check passed, is still within
/// its bound, or failed, and with what evidence. <see cref="HealthGuard"/> drives them over time.
/// </summary>
public static class GuardRules
{
    /// <summary>
    /// The link check: a target whose carrier was up before the change must have it up again within
    /// <paramref name="bound"/>. A target that is gone is not checked (the transaction reports it gone); one whose
    /// carrier was down before has nothing to lose.
    /// </summary>
    /// <returns>Null while the check passes or may still pass; the evidence once it failed.</returns>
    public static GuardEvidence? Link(GuardBefore before, LinkSample? now, TimeSpan elapsed, TimeSpan bound, out bool settled)
    {
        ArgumentNullException.ThrowIfNull(before);
        settled = true;
        if (before.Sample is not { Carrier: true } || now is not { } sample || sample.Carrier)
        {
            return null;
        }

        if (elapsed < bound)
        {
            settled = false;
            return null;
        }

        var reset = before.Target.ResetsLink ? "after a change that resets the link" : "after the change";
        return new GuardEvidence(GuardChecks.Link, before.Target.Interface,
            $"carrier still down {Seconds(elapsed)} {reset} (it was up before; bound {Seconds(bound)})");
    }

    /// <summary>
    /// The counter check: when rx packets rose over the window before the change, they must rise over the window
    /// after it. Counters that cannot be read, or did not rise before, prove nothing and pass.
    /// </summary>
    public static GuardEvidence? Counters(GuardBefore before, long? first, long? last, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (!before.RxRising || first is not { } a || last is not { } b || b > a)
        {
            return null;
        }

        return new GuardEvidence(GuardChecks.Counters, before.Target.Interface,
            string.Create(CultureInfo.InvariantCulture, $"rx packets rose before the change and stopped after it ({a} then {b} over {Seconds(window)})"));
    }

    /// <summary>A probe that succeeded before the change and did not succeed again within its bound.</summary>
    public static GuardEvidence Probe(GuardBefore before, GuardProbe probe, string why, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(probe);
        return new GuardEvidence(GuardChecks.Probe, before.Target.Interface,
            $"{probe.Name} answered before the change and not within {Seconds(bound)} after it: {why}");
    }

    /// <summary>A gateway whose neighbour entry was REACHABLE before the change and did not become so again within its bound.</summary>
    public static GuardEvidence Gateway(GuardBefore before, System.Net.IPAddress gateway, string state, TimeSpan elapsed, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(gateway);
        return new GuardEvidence(GuardChecks.Probe, before.Target.Interface,
            $"neighbour {gateway} (default gateway) on {before.Target.Interface} {state} after {Seconds(elapsed)} (REACHABLE before the change; bound {Seconds(bound)})");
    }

    /// <summary>Whether the rx counter rose between two samples.</summary>
    public static bool Rose(LinkSample? first, LinkSample? last) =>
        first?.RxPackets is { } a && last?.RxPackets is { } b && b > a;

    internal static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s");
}
