namespace Nictune.Core.Guard;

/// <summary>One failed check of the health guard, as recorded with the transaction it reverted.</summary>
/// <param name="Check"><c>link</c>, <c>probe</c> or <c>counters</c> (<see cref="GuardChecks"/>).</param>
/// <param name="Interface">The changed interface the check ran on.</param>
/// <param name="Detail">What was seen, e.g. "carrier still down 10s after the change (bound 10s)".</param>
public sealed record GuardEvidence(string Check, string Interface, string Detail)
{
    public override string ToString() => $"{Interface}: {Check}: {Detail}";
}

/// <summary>The names of the guard's checks, as evidence, events and metrics label them.</summary>
public static class GuardChecks
{
    public const string Link = "link";
    public const string Probe = "probe";
    public const string Counters = "counters";

    public static IReadOnlyList<string> All { get; } = [Link, Probe, Counters];
}
