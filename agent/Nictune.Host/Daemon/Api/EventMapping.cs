using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Daemon.Api;

/// <summary>
/// The daemon's events on the wire. <see cref="Event.Fields"/> carries the values of the event's structured log line
/// under the same names as the line's template placeholders, so a client sees what the journal shows.
/// </summary>
internal static class EventMapping
{
    public static Event ToWire(AgentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var wire = new Event { Sequence = (ulong)e.Sequence, Time = Timestamp.FromDateTimeOffset(e.Timestamp) };
        switch (e.Data)
        {
            case TransactionStarted d:
                Set(wire, EventKind.TransactionStarted, $"transaction started: {d.Verb} of profile {d.Profile ?? "-"}", ("Verb", d.Verb), ("Profile", d.Profile));
                break;
            case TransactionFinished d:
                Set(
                    wire,
                    EventKind.TransactionFinished,
                    $"transaction {d.Verb} {Outcome(d.Result)}: {d.Message}",
                    ("Verb", d.Verb),
                    ("Profile", d.Profile),
                    ("Outcome", Outcome(d.Result)),
                    ("DurationMs", ((long)d.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)),
                    ("TransactionId", d.TransactionId));
                foreach (var (status, count) in d.Counts)
                {
                    wire.Fields["count." + Protocol.Api.Mapping.TransactionMapping.StatusName(status)] = count.ToString(CultureInfo.InvariantCulture);
                }

                break;
            case DriftDetected d:
                Set(wire, EventKind.DriftDetected, $"drift: {d.Device ?? "sysctl"} {d.Setting} holds {d.Value ?? "-"}, the profile wants {d.Wanted ?? "-"} ({DriftOutcomes.Word(d.Outcome)})", ("Target", d.Device ?? "sysctl"), ("Setting", d.Setting), ("Actual", d.Value), ("Desired", d.Wanted), ("Action", DriftOutcomes.Word(d.Outcome)));
                break;
            case DriftCorrected d:
                Set(wire, d.Outcome == DriftOutcome.SetAside ? EventKind.DriftSetAside : EventKind.DriftCorrected, $"drift {DriftOutcomes.Word(d.Outcome)}: {d.Device ?? "sysctl"} {d.Setting} holds {d.Value ?? "-"}, the profile wants {d.Wanted ?? "-"}", ("Target", d.Device ?? "sysctl"), ("Setting", d.Setting), ("Actual", d.Value), ("Desired", d.Wanted), ("Outcome", DriftOutcomes.Word(d.Outcome)));
                break;
            case InterfaceAdded d:
                Set(wire, EventKind.InterfaceAdded, $"new interface {d.Interface}: {d.SettingsToTune} setting(s) to tune", ("Interface", d.Interface), ("Settings", d.SettingsToTune.ToString(CultureInfo.InvariantCulture)));
                break;
            case InterfaceRemoved d:
                Set(wire, EventKind.InterfaceRemoved, $"interface {d.Interface} is gone", ("Interface", d.Interface));
                break;
            case InterfaceRenamed d:
                Set(wire, EventKind.InterfaceRenamed, $"interface {d.OldName} is now {d.NewName}", ("OldName", d.OldName), ("NewName", d.NewName));
                break;
            case Reloaded d:
                Set(wire, EventKind.Reload, d.Accepted ? $"reloaded: {d.Message}" : $"reload rejected: {d.Message}", ("Accepted", d.Accepted ? "true" : "false"), ("Profile", d.Profile), ("Status", d.Message));
                break;
            case RolledBack d:
                Set(wire, EventKind.Rollback, $"rollback to {Target(d.Target)}: {Outcome(d.Result)}: {d.Message}", ("Target", Target(d.Target)), ("Result", Outcome(d.Result)), ("Message", d.Message));
                break;
            case ProfilePushed d:
                Set(wire, EventKind.ProfilePushed, $"profile {d.Name} pushed; it is the active profile", ("Name", d.Name));
                break;
            case ProfileDeleted d:
                Set(wire, EventKind.ProfileDeleted, $"pushed profile {d.Name} deleted; the configured profile is active again", ("Name", d.Name));
                break;
            case ChangeConfirmed d:
                Set(wire, EventKind.ChangeConfirmed, $"transaction {d.TransactionId} confirmed by {d.Caller}", ("TransactionId", d.TransactionId), ("Caller", d.Caller));
                break;
            case UnconfirmedReverted d:
                Set(wire, EventKind.UnconfirmedReverted, $"transaction {d.TransactionId} was not confirmed by {ConfirmationWindow.Time(d.Deadline)}: reverted ({Outcome(d.Result)}): {d.Message}", ("TransactionId", d.TransactionId), ("Deadline", ConfirmationWindow.Time(d.Deadline)), ("Result", Outcome(d.Result)), ("Message", d.Message));
                break;
            case AdaptiveSuggested d:
                Set(wire, EventKind.AdaptiveSuggested, $"adaptive suggestion: {d.Device} {d.Setting} {d.Current} -> {d.Target} at {Number(d.DropsPerSecond)} drops/s; {d.Reason}", ("Device", d.Device), ("Setting", d.Setting), ("Current", Number(d.Current)), ("Target", Number(d.Target)), ("Maximum", Number(d.Maximum)), ("DropsPerSecond", Number(d.DropsPerSecond)), ("Fraction", Number(d.Fraction)), ("Reason", d.Reason), ("ProfileLine", d.ProfileLine));
                break;
            case AdaptiveChanged d:
                Set(wire, EventKind.AdaptiveChanged, $"adaptive change: {d.Device} {d.Setting} {d.From} -> {d.Target}: {d.Result}", ("Device", d.Device), ("Setting", d.Setting), ("From", Number(d.From)), ("Target", Number(d.Target)), ("Held", d.Held is { } held ? Number(held) : null), ("DropsPerSecond", Number(d.DropsPerSecond)), ("Result", d.Result), ("TransactionId", d.TransactionId));
                break;
            case AdaptiveHeld d:
                Set(wire, EventKind.AdaptiveHeld, $"adaptive: {d.Device} {d.Setting} stays at {d.Current} ({d.Kind}): {d.Reason}", ("Device", d.Device), ("Setting", d.Setting), ("Current", Number(d.Current)), ("Maximum", Number(d.Maximum)), ("DropsPerSecond", Number(d.DropsPerSecond)), ("Kind", d.Kind), ("Reason", d.Reason));
                break;
            case AdaptiveOverlayCleared d:
                Set(wire, EventKind.AdaptiveOverlayCleared, $"adaptive overlay cleared: {d.Device} {d.Setting} {d.Value}: {d.Reason}", ("Device", d.Device), ("Setting", d.Setting), ("Value", Number(d.Value)), ("Reason", d.Reason));
                break;
            case GuardFailed d:
                Set(wire, EventKind.GuardFailed, $"health guard: {d.Evidence.Interface} {d.Evidence.Check} check failed after transaction {d.TransactionId}: {d.Evidence.Detail}", ("Interface", d.Evidence.Interface), ("Check", d.Evidence.Check), ("TransactionId", d.TransactionId), ("Detail", d.Evidence.Detail));
                break;
            default:
                Set(wire, EventKind.Unspecified, e.Data.GetType().Name);
                break;
        }

        return wire;
    }

    /// <summary>Told first to a subscriber whose <c>since</c> is older than the ring: how many events it cannot get.</summary>
    public static Event Lost(long missed)
    {
        var wire = new Event { Kind = EventKind.EventsLost, Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Message = $"{missed} event(s) after 'since' are no longer held" };
        wire.Fields["missed"] = missed.ToString(CultureInfo.InvariantCulture);
        return wire;
    }

    private static void Set(Event wire, EventKind kind, string message, params (string Name, string? Value)[] fields)
    {
        wire.Kind = kind;
        wire.Message = message;
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                wire.Fields[name] = value;
            }
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Outcome(Core.Transactions.TransactionOutcome outcome) => Core.Names.Of(outcome);

    private static string Target(Core.Transactions.RollbackTarget target) => target == Core.Transactions.RollbackTarget.Baseline ? "baseline" : "previous";
}
