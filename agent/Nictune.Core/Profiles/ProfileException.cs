namespace Nictune.Core.Profiles;

/// <summary>
/// A profile could not be read, validated or resolved. Carries every error found (not just the first), in file
/// order; <see cref="Exception.Message"/> is one <see cref="ProfileError"/> per line, ready to print.
/// </summary>
public sealed class ProfileException : Exception
{
    public ProfileException(IReadOnlyList<ProfileError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public ProfileException(ProfileError error)
        : this([error])
    {
    }

    public ProfileException()
    {
        Errors = [];
    }

    public ProfileException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<ProfileError> Errors { get; }

    private static string Format(IReadOnlyList<ProfileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("a ProfileException needs at least one error", nameof(errors));
        }

        return string.Join('\n', errors.Select(e => e.ToString()));
    }
}
