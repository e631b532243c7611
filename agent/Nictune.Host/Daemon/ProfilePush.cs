using Nictune.Core.Profiles;

namespace Nictune.Host.Daemon;

/// <summary>
/// A push as the API accepted it, handed whole to the work loop: the profile parsed and validated once, from
/// <paramref name="Document"/>, which is what is stored; the generation the caller expects (0: no check); store nothing
/// when the agent already holds exactly this document (<paramref name="IfChanged"/>); and whether to run a pass now
/// (<paramref name="Apply"/>; without it no pass runs, and the agent applies the profile at its next one); with
/// <paramref name="Confirm"/>, that pass's transaction is held pending confirmation.
/// </summary>
public sealed record ProfilePush(Profile Profile, string Document, ulong ExpectedGeneration, bool IfChanged, bool Apply, ConfirmRequest? Confirm = null);
