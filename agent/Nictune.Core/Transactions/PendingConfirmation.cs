using System.Globalization;

namespace Nictune.Core.Transactions;

/// <summary>
/// A transaction applied with a confirmation window and not yet confirmed (docs/state.md, "pending.json"): without a
/// confirmation by <see cref="Deadline"/> the daemon undoes it. Kept in the state directory, so that a crash or a
/// restart in the window still ends in a confirmation or a revert.
/// </summary>
/// <param name="TransactionId">The pending transaction, as its history record names it.</param>
/// <param name="Verb">Its verb (<see cref="TransactionVerbs"/>).</param>
/// <param name="Deadline">When the daemon reverts it unless confirmed.</param>
/// <param name="Pushed">For the pass of a push: the pushed store before the push, which the revert puts back; else null.</param>
public sealed record PendingConfirmation(string TransactionId, string Verb, DateTimeOffset Deadline, PushedBefore? Pushed = null)
{
    /// <summary>The shortest window a request may ask for.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(10);

    /// <summary>The longest window a request may ask for; a stored deadline further away is cut to this from now.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary>Longest transaction id accepted (the engine's are 25 characters).</summary>
    public const int MaxIdLength = 64;

    /// <summary>Why <paramref name="window"/> is not a confirmation window, or null when it is.</summary>
    public static string? CheckWindow(TimeSpan window) =>
        window < MinWindow || window > MaxWindow
            ? $"must be between {Format(MinWindow)} and {Format(MaxWindow)}, not {Format(window)}"
            : null;

    /// <summary>Whether <paramref name="id"/> has the shape of a transaction id: 1 to 64 ASCII letters, digits and dashes.</summary>
    public static bool IsTransactionId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The deadline as stored, but never further than <see cref="MaxWindow"/> from <paramref name="now"/>.</summary>
    public PendingConfirmation Bounded(DateTimeOffset now) =>
        Deadline > now + MaxWindow ? this with { Deadline = now + MaxWindow } : this;

    /// <summary>A window as people write it: <c>90s</c>, <c>1h</c>.</summary>
    public static string Format(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)window.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
