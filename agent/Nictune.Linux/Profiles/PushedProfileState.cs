namespace Nictune.Linux.Profiles;

/// <summary>
/// The pushed-profile generation (raised by every accepted push and unpush), and the pushed profile's name and text
/// when one is pushed.
/// </summary>
public sealed record PushedProfileState(ulong Generation, string? Name, string? Text)
{
    public static PushedProfileState Empty { get; } = new(0, null, null);
}
