using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon;

/// <summary>Confirm-or-revert's log lines (<see cref="ConfirmationWindow"/>). Event ids 300–319.</summary>
internal static partial class ConfirmLog
{
    [LoggerMessage(300, LogLevel.Warning, "Transaction {TransactionId} ({Verb}) is pending: it is rolled back at {Deadline:O} unless confirmed from another connection")]
    public static partial void Held(ILogger logger, string transactionId, string verb, DateTimeOffset deadline);

    [LoggerMessage(301, LogLevel.Information, "Transaction {TransactionId} confirmed by {Caller}; it is permanent")]
    public static partial void Confirmed(ILogger logger, string transactionId, string caller);

    [LoggerMessage(302, LogLevel.Error, "Transaction {TransactionId} was not confirmed by its deadline {Deadline:O}: reverted ({Result}): {Message}")]
    public static partial void Reverted(ILogger logger, string transactionId, DateTimeOffset deadline, string result, string message);

    [LoggerMessage(303, LogLevel.Warning, "Transaction {TransactionId} was pending when the agent started: the boot tune changes nothing until it is confirmed or reverted at {Deadline:O}")]
    public static partial void PendingAtBoot(ILogger logger, string transactionId, DateTimeOffset deadline);

    [LoggerMessage(304, LogLevel.Error, "Transaction {TransactionId} could not be reverted at its deadline, tried again in {RetrySeconds} s: {Message}")]
    public static partial void RevertFailed(ILogger logger, string transactionId, int retrySeconds, string message);

    [LoggerMessage(305, LogLevel.Error, "Transaction {TransactionId}'s pending record could not be written ({Message}): undone at once ({Result}); pushed store not put back: {Store}")]
    public static partial void NotHeld(ILogger logger, string transactionId, string message, string result, string store);
}
