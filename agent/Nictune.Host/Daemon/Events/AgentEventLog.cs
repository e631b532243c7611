using System.Globalization;
using Microsoft.Extensions.Logging;
using Nictune.Core.Transactions;

namespace Nictune.Host.Daemon.Events;

/// <summary>
/// The structured log line of each event, written by <see cref="AgentEventFeed.Publish"/> from the event itself.
/// Event ids 100–139 (each <c>*Log</c> class has a range of its own); the message templates are what operators grep the journal for.
/// </summary>
internal static partial class AgentEventLog
{
    public static void Write(ILogger logger, AgentEventData data)
    {
        switch (data)
        {
            case TransactionStarted e:
                TransactionStarted(logger, e.Verb, e.Profile ?? "-");
                break;
            case TransactionFinished { Verb: TransactionVerbs.Recovery } e:
                Recovered(logger, e.Message, e.Result.ToString());
                break;
            case TransactionFinished { Result: TransactionOutcome.Succeeded or TransactionOutcome.NoChanges, Profile: { } profile } e:
                Applied(logger, profile, e.Message, e.Verb, (long)e.Duration.TotalMilliseconds);
                break;
            case TransactionFinished { Result: TransactionOutcome.Succeeded or TransactionOutcome.NoChanges } e:
                Finished(logger, e.Verb, e.Message, (long)e.Duration.TotalMilliseconds);
                break;
            case TransactionFinished e:
                Failed(logger, e.Verb, e.Profile ?? "-", e.Result.ToString(), e.Message);
                break;
            case DriftDetected e:
                Drift(logger, e.Device ?? "sysctl", e.Setting, e.Value ?? "-", e.Wanted ?? "-", DriftOutcomes.Word(e.Outcome));
                break;
            case DriftCorrected e:
                DriftEnded(logger, e.Device ?? "sysctl", e.Setting, e.Value ?? "-", e.Wanted ?? "-", DriftOutcomes.Word(e.Outcome));
                break;
            case InterfaceAdded e:
                NewInterface(logger, e.Interface, e.SettingsToTune);
                break;
            case InterfaceRemoved e:
                InterfaceGone(logger, e.Interface);
                break;
            case InterfaceRenamed e:
                InterfaceRenamed(logger, e.OldName, e.NewName);
                break;
            case Reloaded { Accepted: true } e:
                Reloaded(logger, e.Message);
                break;
            case Reloaded e:
                ReloadRejected(logger, e.Message);
                break;
            case RolledBack e:
                RolledBack(logger, e.Target.ToString().ToLowerInvariant(), e.Result.ToString(), e.Message);
                break;
            case ProfilePushed e:
                ProfilePushed(logger, e.Name);
                break;
            case ProfileDeleted e:
                ProfileDeleted(logger, e.Name);
                break;
            case ChangeConfirmed e:
                ConfirmLog.Confirmed(logger, e.TransactionId, e.Caller);
                break;
            case UnconfirmedReverted e:
                ConfirmLog.Reverted(logger, e.TransactionId, e.Deadline, e.Result.ToString(), e.Message);
                break;
            case AdaptiveSuggested e:
                AdaptiveSuggestion(logger, e.Device, e.Setting, e.Current, e.Target, e.DropsPerSecond, e.Fraction, e.Reason, e.ProfileLine);
                break;
            case AdaptiveChanged e:
                AdaptiveChange(logger, e.Device, e.Setting, e.From, e.Target, e.Held?.ToString(CultureInfo.InvariantCulture) ?? "-", e.DropsPerSecond, e.Result, e.TransactionId);
                break;
            case AdaptiveHeld e:
                AdaptiveHold(logger, e.Device, e.Setting, e.Current, e.Maximum, e.DropsPerSecond, e.Kind, e.Reason);
                break;
            case AdaptiveOverlayCleared e:
                AdaptiveCleared(logger, e.Device, e.Setting, e.Value, e.Reason);
                break;
            case GuardFailed e:
                Tuning.GuardLog.CheckFailed(logger, e.Evidence.Interface, e.Evidence.Check, e.TransactionId, e.Evidence.Detail);
                break;
            default:
                Other(logger, data.GetType().Name);
                break;
        }
    }

    [LoggerMessage(101, LogLevel.Warning, "Recovered an interrupted transaction from the journal: {Message} ({Result})")]
    private static partial void Recovered(ILogger logger, string message, string result);

    [LoggerMessage(102, LogLevel.Information, "Applied profile {Profile}: {Message} ({Verb}, {DurationMs} ms)")]
    private static partial void Applied(ILogger logger, string profile, string message, string verb, long durationMs);

    [LoggerMessage(103, LogLevel.Error, "Transaction {Verb} of profile {Profile} failed ({Outcome}): {Message}")]
    private static partial void Failed(ILogger logger, string verb, string profile, string outcome, string message);

    [LoggerMessage(105, LogLevel.Warning, "Drift: {Target} {Setting} holds {Actual}, the profile wants {Desired} ({Action})")]
    private static partial void Drift(ILogger logger, string target, string setting, string actual, string desired, string action);

    [LoggerMessage(106, LogLevel.Information, "New interface {Interface}: {Settings} setting(s) to tune")]
    private static partial void NewInterface(ILogger logger, string @interface, int settings);

    [LoggerMessage(107, LogLevel.Information, "Interface {Interface} is gone; forgotten")]
    private static partial void InterfaceGone(ILogger logger, string @interface);

    [LoggerMessage(120, LogLevel.Debug, "Transaction started: {Verb} of profile {Profile}")]
    private static partial void TransactionStarted(ILogger logger, string verb, string profile);

    [LoggerMessage(121, LogLevel.Information, "Transaction {Verb} done: {Message} ({DurationMs} ms)")]
    private static partial void Finished(ILogger logger, string verb, string message, long durationMs);

    [LoggerMessage(122, LogLevel.Information, "Drift {Outcome}: {Target} {Setting} holds {Actual}, the profile wants {Desired}")]
    private static partial void DriftEnded(ILogger logger, string target, string setting, string actual, string desired, string outcome);

    [LoggerMessage(123, LogLevel.Information, "Interface {OldName} is now {NewName}")]
    private static partial void InterfaceRenamed(ILogger logger, string oldName, string newName);

    [LoggerMessage(124, LogLevel.Information, "Reloaded: {Status}")]
    private static partial void Reloaded(ILogger logger, string status);

    [LoggerMessage(125, LogLevel.Error, "Reload rejected, the previous configuration stays in force:\n{Problems}")]
    private static partial void ReloadRejected(ILogger logger, string problems);

    [LoggerMessage(126, LogLevel.Information, "Rollback to {Target}: {Result}: {Message}")]
    private static partial void RolledBack(ILogger logger, string target, string result, string message);

    [LoggerMessage(127, LogLevel.Information, "Profile {Name} pushed; it is the active profile")]
    private static partial void ProfilePushed(ILogger logger, string name);

    [LoggerMessage(128, LogLevel.Information, "Pushed profile {Name} deleted; the configured profile is active again")]
    private static partial void ProfileDeleted(ILogger logger, string name);

    [LoggerMessage(116, LogLevel.Warning, "Adaptive suggestion: {Device} {Setting} {Current} -> {Target} at {DropsPerSecond:0.##} drops/s ({Fraction:0.######} of packets); {Reason}; to make it permanent, in the profile rule for {Device}: {ProfileLine}")]
    private static partial void AdaptiveSuggestion(ILogger logger, string device, string setting, long current, long target, double dropsPerSecond, double fraction, string reason, string profileLine);

    [LoggerMessage(117, LogLevel.Information, "Adaptive change: {Device} {Setting} {From} -> {Target} (held {Held}) at {DropsPerSecond:0.##} drops/s: {Result}, transaction {TransactionId}")]
    private static partial void AdaptiveChange(ILogger logger, string device, string setting, long from, long target, string held, double dropsPerSecond, string result, string transactionId);

    [LoggerMessage(118, LogLevel.Warning, "Adaptive: {Device} {Setting} stays at {Current} (maximum {Maximum}) with {DropsPerSecond:0.##} drops/s ({Kind}): {Reason}")]
    private static partial void AdaptiveHold(ILogger logger, string device, string setting, long current, long maximum, double dropsPerSecond, string kind, string reason);

    [LoggerMessage(119, LogLevel.Information, "Adaptive overlay cleared: {Device} {Setting} {Value}: {Reason}")]
    private static partial void AdaptiveCleared(ILogger logger, string device, string setting, long value, string reason);

    [LoggerMessage(129, LogLevel.Information, "Event {Kind}")]
    private static partial void Other(ILogger logger, string kind);
}
