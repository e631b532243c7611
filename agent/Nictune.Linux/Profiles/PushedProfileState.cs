namespace Nictune.Linux.Profiles;

/// <summary>The pushed-profile generation (raised by every accepted push and unpush) and the pushed profile's name, if any.</summary>
public sealed record PushedProfileState(ulong Generation, string? Name)
{
    public static PushedProfileState Empty { get; } = new(0, null);
}
