namespace Nictune.Host.Output;

/// <summary>
/// Where the human-readable output goes, and whether it may carry colour: only to a terminal, never into a pipe or a
/// file, and never when NO_COLOR is set (https://no-color.org) or TERM is "dumb".
/// </summary>
internal static class Terminal
{
    /// <summary>The SGR codes the CLI uses (ECMA-48 8.3.117).</summary>
    public enum Style
    {
        Bold = 1,
        Red = 31,
        Yellow = 33,
        Blue = 34,
    }

    /// <summary>Read per call, so that redirection (and tests capturing Console.Out) is honoured.</summary>
    public static bool Colour =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    /// <summary><paramref name="text"/> in <paramref name="style"/> when colour is on, else as it is.</summary>
    public static string Styled(string text, Style style, bool colour) =>
        colour ? $"\u001b[{(int)style}m{text}\u001b[0m" : text;
}
