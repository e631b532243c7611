namespace Nictune.Host.Daemon;

/// <summary>
/// What a push did in its turn: the generation after it, whether the document was stored (false when
/// <see cref="ProfilePush.IfChanged"/> found it held already), and, when the push asked for a pass, its summary or why
/// the pass failed. A failed pass changes nothing of the rest: the profile is stored and enforced from the next pass.
/// </summary>
/// <param name="ApplyFailure">Why the pass threw (naming a file, never quoting one; or a correlation id in the log), or null.</param>
public sealed record PushResult(ulong Generation, bool Stored, TuneSummary? Applied, string? ApplyFailure);
