using Nictune.Core.Transactions;

namespace Nictune.Host.Daemon.Events;

/// <summary>
/// What an event says. Each kind carries the same fields as its structured log line (<see cref="AgentEventLog"/>
/// writes that line from the event itself), so the log and the stream never disagree.
/// </summary>
public abstract record AgentEventData;

/// <summary>A transaction began.</summary>
/// <param name="Verb">apply, reconcile, rollback-baseline, rollback-previous, recovery (see <see cref="TransactionVerbs"/>).</param>
/// <param name="Profile">The profile being applied, or null for rollbacks and recovery.</param>
public sealed record TransactionStarted(string Verb, string? Profile) : AgentEventData;

/// <summary>A transaction ended.</summary>
/// <param name="Verb">As in <see cref="TransactionStarted"/>.</param>
/// <param name="Profile">As in <see cref="TransactionStarted"/>.</param>
/// <param name="Result">Its outcome.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Counts">How many settings ended in each status.</param>
/// <param name="Message">The transaction's own summary line.</param>
/// <param name="TransactionId">Its id in the history.</param>
/// <param name="LinkResets">
/// The interfaces whose link the transaction reset, once per reset: it wrote (or wrote and undid) a setting their
/// driver resets the link for (docs/drivers.md §4), one request per device for its rings and one for its channels.
/// Null when the transaction had no plan of its own (rollbacks, recovery).
/// </param>
public sealed record TransactionFinished(
    string Verb,
    string? Profile,
    TransactionOutcome Result,
    TimeSpan Duration,
    IReadOnlyDictionary<SettingStatus, int> Counts,
    string Message,
    string TransactionId,
    IReadOnlyList<string>? LinkResets = null) : AgentEventData;

/// <summary>A managed setting was found away from the profile's value.</summary>
/// <param name="Device">The interface, or null for a sysctl.</param>
/// <param name="Setting">The setting's name (feature.rx-gro, net.core.somaxconn, …).</param>
/// <param name="Value">What the kernel holds.</param>
/// <param name="Wanted">What the profile wants.</param>
/// <param name="Outcome">Correcting (enforce) or Reported (observe).</param>
public sealed record DriftDetected(string? Device, string Setting, string? Value, string? Wanted, DriftOutcome Outcome) : AgentEventData;

/// <summary>What became of a drifted setting once the pass that saw it ended.</summary>
/// <param name="Device">The interface, or null for a sysctl.</param>
/// <param name="Setting">The setting's name.</param>
/// <param name="Value">What the kernel holds now.</param>
/// <param name="Wanted">What the profile wants.</param>
/// <param name="Outcome">Corrected, SetAside (the kernel refused it) or Failed (the pass rolled back).</param>
public sealed record DriftCorrected(string? Device, string Setting, string? Value, string? Wanted, DriftOutcome Outcome) : AgentEventData;

/// <summary>An interface appeared since the last pass.</summary>
/// <param name="Interface">Its name.</param>
/// <param name="SettingsToTune">How many of its settings the pass will change.</param>
public sealed record InterfaceAdded(string Interface, int SettingsToTune) : AgentEventData;

/// <summary>An interface is gone; what the agent knew of it is forgotten.</summary>
public sealed record InterfaceRemoved(string Interface) : AgentEventData;

/// <summary>An interface changed its name (rtnetlink said so).</summary>
public sealed record InterfaceRenamed(string OldName, string NewName) : AgentEventData;

/// <summary>A configuration reload ended.</summary>
/// <param name="Accepted">False when the file was invalid or the new configuration could not be put in force.</param>
/// <param name="Profile">The profile in force afterwards.</param>
/// <param name="Message">The status line, or what was wrong (file:line: problem).</param>
public sealed record Reloaded(bool Accepted, string? Profile, string Message) : AgentEventData;

/// <summary>A rollback was asked for (through the API, or by on-stop restore-baseline) and ended.</summary>
public sealed record RolledBack(RollbackTarget Target, TransactionOutcome Result, string Message) : AgentEventData;

/// <summary>A profile was pushed and is now the active one.</summary>
public sealed record ProfilePushed(string Name) : AgentEventData;

/// <summary>The pushed profile was deleted; the configured one is active again.</summary>
public sealed record ProfileDeleted(string Name) : AgentEventData;

/// <summary>A change pending confirmation was confirmed and is permanent.</summary>
/// <param name="TransactionId">The confirmed transaction.</param>
/// <param name="Caller">Who confirmed it (the audit form of the caller).</param>
public sealed record ChangeConfirmed(string TransactionId, string Caller) : AgentEventData;

/// <summary>A change pending confirmation reached its deadline unconfirmed and was rolled back.</summary>
/// <param name="TransactionId">The transaction that was not confirmed.</param>
/// <param name="Deadline">Its deadline.</param>
/// <param name="Result">The outcome of the rollback.</param>
/// <param name="Message">The rollback's summary line.</param>
public sealed record UnconfirmedReverted(string TransactionId, DateTimeOffset Deadline, TransactionOutcome Result, string Message) : AgentEventData;

/// <summary>A check of the health guard failed after a transaction, which was rolled back at once (docs/guard.md).</summary>
/// <param name="TransactionId">The transaction reverted.</param>
/// <param name="Evidence">What failed on which interface.</param>
public sealed record GuardFailed(string TransactionId, Nictune.Core.Guard.GuardEvidence Evidence) : AgentEventData;
