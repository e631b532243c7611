namespace Nictune.Host.Daemon;

/// <summary>
/// What an unpush did in its turn: the generation after it, and the pass that applied the configured profile again;
/// or, when the pushed profile in its turn was no longer the one the caller named, nothing (<paramref name="Applied"/>
/// null) and the name the store held then (<paramref name="Held"/>).
/// </summary>
public sealed record UnpushResult(ulong Generation, string? Held, TuneSummary? Applied);
