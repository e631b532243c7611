using System.Globalization;
using System.Text;

namespace Nictune.Host.Output;

/// <summary>
/// A plain text table: a header, a rule, one line per row, every column as wide as its widest cell, in the layout
/// the CLI's tables had under Spectre.Console's simple border (two spaces in front, three between columns, a rule of
/// U+2500), without its lines of blanks and trailing spaces.
/// <para>
/// Written by hand rather than with a console library: Spectre.Console, which drew these tables before, measured every
/// cell character by character through its width tables and built a segment per cell, most of a plan's CPU (the
/// figures are in bench/README.md, "Where apply's time goes now"). Nothing here wraps or crops a cell: a pipe has no width, and a message cut short tells an operator less.
/// </para>
/// <para>Cells go through <see cref="Printable"/>: what sysfs and state files hold must not drive a terminal.</para>
/// </summary>
internal sealed class TextTable
{
    private const string Lead = "  ";
    private const string Gap = "   ";
    private const char Rule = '\u2500';

    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = headers;
    }

    /// <summary>Adds a row; a null cell shows as "-".</summary>
    public void AddRow(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells for {_headers.Length} columns", nameof(cells));
        }

        var row = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            row[i] = Printable.Of(cells[i] ?? "-");
        }

        _rows.Add(row);
    }

    /// <summary>The whole table in one write: stdout flushes on every write, one system call each.</summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var widths = new int[_headers.Length];
        Measure(_headers, widths);
        foreach (var row in _rows)
        {
            Measure(row, widths);
        }

        var text = new StringBuilder();
        text.Append('\n');
        Line(text, _headers, widths);
        var ruleWidth = (2 * Lead.Length) + widths.Sum() + (Gap.Length * (widths.Length - 1));
        text.Append(Rule, ruleWidth).Append('\n');
        foreach (var row in _rows)
        {
            Line(text, row, widths);
        }

        text.Append('\n');
        writer.Write(text.ToString());
    }

    /// <summary>
    /// The columns a string takes on a terminal, near enough for alignment: one per character, none for combining
    /// marks and format characters. East Asian wide characters count one, so a row holding them ends up to one
    /// column per character off; kernel names and values are ASCII.
    /// </summary>
    internal static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format ? 0 : 1;
        }

        return width;
    }

    private static void Measure(string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            widths[i] = Math.Max(widths[i], Width(cells[i]));
        }
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        var start = text.Length;
        text.Append(Lead);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                text.Append(Gap);
            }

            text.Append(cells[i]).Append(' ', widths[i] - Width(cells[i]));
        }

        // No trailing blanks: the last column is padded only to be trimmed again.
        var end = text.Length;
        while (end > start && text[end - 1] == ' ')
        {
            end--;
        }

        text.Length = end;
        text.Append('\n');
    }
}
