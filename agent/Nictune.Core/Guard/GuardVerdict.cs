namespace Nictune.Core.Guard;

/// <summary>The guard's judgement of a change: healthy when nothing failed; the evidence otherwise.</summary>
/// <param name="Failures">Every check that failed, one entry per interface and check.</param>
/// <param name="Took">From the end of the change to the verdict.</param>
public sealed record GuardVerdict(IReadOnlyList<GuardEvidence> Failures, TimeSpan Took)
{
    public bool Healthy => Failures.Count == 0;

    /// <summary>One line for messages and STATUS=.</summary>
    public string Summary => Healthy ? "healthy" : string.Join("; ", Failures);
}
