namespace Nictune.Host.Output;

/// <summary>
/// Text as it may reach a terminal: a tab becomes a space (the kernel separates tcp_rmem's fields with tabs), any
/// other control character '?'. Interface names (the kernel refuses only '/', ':' and white space in them), sysfs
/// values and state files are not ours, and an escape sequence in one must not drive the operator's terminal.
/// </summary>
internal static class Printable
{
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        if (!span.ContainsAnyInRange('\0', '\u001f') && !span.ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        return string.Create(text.Length, text, static (chars, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                chars[i] = s[i] == '\t' ? ' ' : char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
