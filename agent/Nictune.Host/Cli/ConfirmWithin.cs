using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;
using Transaction = Nictune.Protocol.Api.V1.Transaction;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>--confirm-within DURATION</c> of <c>apply</c>, <c>push</c> and <c>rollback</c> through the agent: the change is
/// held pending, and rolled back unless <c>nictune confirm</c> (a new connection) confirms it in time.
/// </summary>
internal static class ConfirmWithin
{
    public static Option<string?> Option() => new("--confirm-within")
    {
        Description = "Through the agent: roll the change back unless 'nictune confirm' confirms it within DURATION (10s to 1h, as 60s, 5m)",
        HelpName = "DURATION",
    };

    /// <summary>The option's value as the request's field; null when not given. A bad value is a usage error, before anything is sent.</summary>
    public static Duration? Read(ParseResult parse, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(option) is not { } text)
        {
            return null;
        }

        if (!AgentDuration.TryParse(text, out var window) || PendingConfirmation.CheckWindow(window) is not null)
        {
            throw new UsageException($"--confirm-within: \"{Core.Tuning.SettingValueText.Truncate(text)}\" is not a duration between {AgentDuration.Format(PendingConfirmation.MinWindow)} and {AgentDuration.Format(PendingConfirmation.MaxWindow)} (as 60s, 5m); nothing was changed");
        }

        return Duration.FromTimeSpan(window);
    }

    /// <summary>
    /// Refuses a change with <c>--local</c>: without the agent nothing would revert it, and a local write would race
    /// the agent's revert of the change it holds pending.
    /// </summary>
    public static void RequireAgent(ParseResult parse, Option<string?> option)
    {
        if (Read(parse, option) is not null)
        {
            throw new UsageException("--confirm-within needs the agent, which reverts an unconfirmed change; it cannot be used when working directly on the kernel");
        }
    }

    /// <summary>On stderr, for a transaction held pending: its id, its deadline, and how to confirm it.</summary>
    public static void Report(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!transaction.PendingConfirmation || transaction.ConfirmDeadline is not { } deadline)
        {
            return;
        }

        var at = deadline.ToDateTimeOffset();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nictune: transaction {transaction.Id} is pending confirmation until {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (in {Left(at)}): confirm it with 'nictune confirm {transaction.Id}' over a new connection, or it is rolled back"));
    }

    /// <summary>Time left to a deadline, to the second, for people.</summary>
    public static string Left(DateTimeOffset deadline)
    {
        var left = deadline - DateTimeOffset.UtcNow;
        return left <= TimeSpan.Zero ? "due now" : AgentDuration.Format(TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds)));
    }
}
