namespace Nictune.Core.Planning;

/// <summary>
/// How a driver reacts to ring and channel changes (docs/drivers.md §4).
/// </summary>
/// <param name="RingsResetLink">Changing a ring size resets the link.</param>
/// <param name="ChannelsResetLink">Changing the channel counts resets the link.</param>
/// <param name="ChannelsReadOnly">The driver reports channels but has no set operation.</param>
/// <param name="Effect">What the reset does, for plan reasons.</param>
public sealed record LinkResetBehaviour(bool RingsResetLink, bool ChannelsResetLink, bool ChannelsReadOnly, string Effect);
