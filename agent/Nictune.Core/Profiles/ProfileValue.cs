namespace Nictune.Core.Profiles;

/// <summary>
/// A numeric setting in a profile: a literal number, or a symbol resolved per device at plan time.
/// <c>max</c> is the device's reported maximum; <c>cpus</c> is the online CPU count clamped to that maximum.
/// </summary>
public readonly record struct ProfileValue(ProfileValueKind Kind, long Number)
{
    public static ProfileValue Of(long number) => new(ProfileValueKind.Number, number);
    public static readonly ProfileValue Max = new(ProfileValueKind.Max, 0);
    public static readonly ProfileValue Cpus = new(ProfileValueKind.Cpus, 0);

    public override string ToString() => Kind switch
    {
        ProfileValueKind.Max => "max",
        ProfileValueKind.Cpus => "cpus",
        _ => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public enum ProfileValueKind
{
    Number,
    Max,
    Cpus,
}
