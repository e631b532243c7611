namespace Nictune.Core.Tuning;

/// <summary>
/// The shape every setting value has in the kernel's text form (a number, on/off, a hex mask, a cpulist): one line
/// of printable text (tabs allowed) of bounded length. Values read from state files are checked against it before they are
/// written anywhere; and messages quote values through <see cref="Truncate"/>, so an error never prints a file.
/// </summary>
public static class SettingValueText
{
    /// <summary>
    /// Longest value accepted. The longest real value is a CPU mask: 8192 CPUs print as 2048 hex digits plus a comma
    /// every eight, about 2,300 characters.
    /// </summary>
    public const int MaxLength = 4096;

    /// <summary>How much of a token a message quotes.</summary>
    public const int QuoteLength = 40;

    /// <summary>Null when <paramref name="value"/> has the shape of a kernel setting value, else what is wrong.</summary>
    public static string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLength)
        {
            return $"the value is longer than {MaxLength} characters";
        }

        foreach (var c in value)
        {
            // A tab separates the fields of tcp_rmem and friends as the kernel prints them.
            if (char.IsControl(c) && c != '\t')
            {
                return $"the value contains a control character (U+{(int)c:X4})";
            }
        }

        return null;
    }

    /// <summary>At most <see cref="QuoteLength"/> characters of a token, with control characters made visible.</summary>
    public static string Truncate(string? token)
    {
        if (token is null)
        {
            return string.Empty;
        }

        var shown = token.Length > QuoteLength ? token[..QuoteLength] + "…" : token;
        return string.Create(shown.Length, shown, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
