using Microsoft.Extensions.Logging;

namespace Nictune.Host.Tuning;

/// <summary>What the health guard logs (docs/guard.md): source-generated, with stable event ids 320–339.</summary>
internal static partial class GuardLog
{
    [LoggerMessage(320, LogLevel.Debug, "Health guard: transaction {TransactionId} healthy after {ElapsedMs} ms")]
    public static partial void Healthy(ILogger logger, string transactionId, long elapsedMs);

    [LoggerMessage(321, LogLevel.Error, "Health guard: transaction {TransactionId} failed the guard after {ElapsedMs} ms, rolling it back: {Evidence}")]
    public static partial void Failed(ILogger logger, string transactionId, long elapsedMs, string evidence);

    /// <summary>The line of the <see cref="Daemon.Events.GuardFailed"/> event.</summary>
    [LoggerMessage(322, LogLevel.Warning, "Health guard: {Interface} {Check} check failed after transaction {TransactionId}: {Detail}")]
    public static partial void CheckFailed(ILogger logger, string @interface, string check, string transactionId, string detail);

    [LoggerMessage(323, LogLevel.Warning, "Health guard: rolled back transaction {TransactionId} ({Outcome}) {ElapsedMs} ms after the change ended; its settings on the failed interfaces are set aside until the profile or the device changes")]
    public static partial void Reverted(ILogger logger, string transactionId, string outcome, long elapsedMs);
}
