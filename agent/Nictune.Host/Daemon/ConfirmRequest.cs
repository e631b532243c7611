namespace Nictune.Host.Daemon;

/// <summary>
/// A mutation asked to be held pending confirmation: for how long, and over which connection it came (the server's
/// own id for it), so that a confirmation over the same connection can be refused.
/// </summary>
public sealed record ConfirmRequest(TimeSpan Window, string Connection);
