using Microsoft.Extensions.Logging;

namespace Nictune.Host.Tuning;

/// <summary>What the agent's tuner logs: source-generated, with stable event ids (the daemon's own are below 100).</summary>
internal static partial class TunerLog
{
    [LoggerMessage(101, LogLevel.Warning, "Recovered an interrupted transaction from the journal: {Message}")]
    public static partial void Recovered(ILogger logger, string message);

    [LoggerMessage(102, LogLevel.Information, "Applied profile {Profile}: {Message}")]
    public static partial void Applied(ILogger logger, string profile, string message);

    [LoggerMessage(103, LogLevel.Error, "Applying profile {Profile} failed ({Outcome}): {Message}")]
    public static partial void ApplyFailed(ILogger logger, string profile, string outcome, string message);

    [LoggerMessage(104, LogLevel.Error, "Left changed after a failed rollback: {Setting} holds {Actual}, its original was {Original}")]
    public static partial void LeftChanged(ILogger logger, string setting, string actual, string original);

    /// <summary>A managed setting no longer holds the profile's value: the structured drift event.</summary>
    [LoggerMessage(105, LogLevel.Warning, "Drift: {Target} {Setting} holds {Actual}, the profile wants {Desired} ({Action})")]
    public static partial void Drift(ILogger logger, string target, string setting, string actual, string desired, string action);

    [LoggerMessage(106, LogLevel.Information, "New interface {Interface}: {Settings} setting(s) to tune")]
    public static partial void NewInterface(ILogger logger, string @interface, int settings);

    [LoggerMessage(107, LogLevel.Information, "Interface {Interface} is gone; forgotten")]
    public static partial void InterfaceGone(ILogger logger, string @interface);

    [LoggerMessage(108, LogLevel.Information, "Observe mode: {Count} setting(s) would change; nothing written")]
    public static partial void Observed(ILogger logger, int count);

    [LoggerMessage(109, LogLevel.Information, "Restoring the baseline on stop")]
    public static partial void RestoringBaseline(ILogger logger);


    [LoggerMessage(110, LogLevel.Information, "No longer managed: {Target} {Setting} keeps its current value (the new profile does not set it; `nictune rollback` restores originals)")]
    public static partial void NoLongerManaged(ILogger logger, string target, string setting);

    [LoggerMessage(112, LogLevel.Warning, "Observe mode: an interrupted transaction is pending in {StateDirectory}; it is not recovered (observe mode writes nothing); `nictune recover` restores its originals")]
    public static partial void JournalLeftInObserveMode(ILogger logger, string stateDirectory);

    [LoggerMessage(113, LogLevel.Information, "Observe mode: on-stop restore-baseline is not done (observe mode writes nothing)")]
    public static partial void NoRestoreInObserveMode(ILogger logger);

    [LoggerMessage(111, LogLevel.Warning, "Set aside: {Setting} = {Desired} was refused; the rest of the profile is applied without it until the profile or configuration changes")]
    public static partial void SetAside(ILogger logger, string setting, string desired);
}
