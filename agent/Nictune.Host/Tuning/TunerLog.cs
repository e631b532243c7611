using Microsoft.Extensions.Logging;

namespace Nictune.Host.Tuning;

/// <summary>What the agent's tuner logs: source-generated, with stable event ids 140–159 (each <c>*Log</c> class has a range of its own; the events' lines are AgentEventLog's).</summary>
internal static partial class TunerLog
{

    [LoggerMessage(142, LogLevel.Error, "Left changed after a failed rollback: {Setting} holds {Actual}, its original was {Original}")]
    public static partial void LeftChanged(ILogger logger, string setting, string actual, string original);

    [LoggerMessage(143, LogLevel.Information, "Observe mode: {Count} setting(s) would change; nothing written")]
    public static partial void Observed(ILogger logger, int count);

    [LoggerMessage(144, LogLevel.Information, "Restoring the baseline on stop")]
    public static partial void RestoringBaseline(ILogger logger);

    [LoggerMessage(145, LogLevel.Information, "No longer managed: {Target} {Setting} keeps its current value (the new profile does not set it; `nictune rollback` restores originals)")]
    public static partial void NoLongerManaged(ILogger logger, string target, string setting);

    [LoggerMessage(147, LogLevel.Warning, "Observe mode: an interrupted transaction is pending in {StateDirectory}; it is not recovered (observe mode writes nothing); `nictune recover` restores its originals")]
    public static partial void JournalLeftInObserveMode(ILogger logger, string stateDirectory);

    [LoggerMessage(148, LogLevel.Information, "Observe mode: on-stop restore-baseline is not done (observe mode writes nothing)")]
    public static partial void NoRestoreInObserveMode(ILogger logger);

    [LoggerMessage(146, LogLevel.Warning, "Set aside: {Setting} = {Desired} was refused; the rest of the profile is applied without it until the profile or configuration changes")]
    public static partial void SetAside(ILogger logger, string setting, string desired);

    [LoggerMessage(149, LogLevel.Information, "Took over {Count} baseline entr(ies) from {OldStateDirectory} into {StateDirectory}: the system was tuned already, so they keep the values from before nictune")]
    public static partial void BaselineAdopted(ILogger logger, int count, string oldStateDirectory, string stateDirectory);

    [LoggerMessage(150, LogLevel.Error, "The reload failed, and the lock of the previous state directory {StateDirectory} could not be taken back: {Message}")]
    public static partial void LeaseNotRestored(ILogger logger, string stateDirectory, string message);

    [LoggerMessage(140, LogLevel.Information, "State directory at start: {What}: {Action}")]
    public static partial void StateTidied(ILogger logger, string what, string action);

    [LoggerMessage(141, LogLevel.Warning, "State directory at start: not tidied: {Message}")]
    public static partial void StateNotTidied(ILogger logger, string message);
}
