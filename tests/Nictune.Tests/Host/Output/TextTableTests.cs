using Nictune.Host.Output;
using Xunit;

namespace Nictune.Tests.Host.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_are_as_wide_as_their_widest_cell_with_the_layout_the_cli_has_always_printed()
    {
        var table = new TextTable("TARGET", "SETTING", "REASON");
        table.AddRow("sysctl", "net.core.somaxconn", "already 4096");
        table.AddRow("eth0", "txqueuelen", null);

        var output = new CountingWriter();
        table.Write(output);

        Assert.Equal(
            "\n"
            + "  TARGET   SETTING              REASON\n"
            + new string('\u2500', 2 + 6 + 3 + 18 + 3 + 12 + 2) + "\n"
            + "  sysctl   net.core.somaxconn   already 4096\n"
            + "  eth0     txqueuelen           -\n"
            + "\n",
            output.ToString());
        Assert.Equal(1, output.Writes);
    }

    [Fact]
    public void Control_characters_in_a_cell_never_reach_the_terminal()
    {
        var table = new TextTable("NAME", "VALUE");
        table.AddRow("e\u001b[31mvil", "a\u0007b\u009bc");

        var output = new CountingWriter();
        table.Write(output);

        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.DoesNotContain('\u0007', output.ToString());
        Assert.DoesNotContain('\u009b', output.ToString());
        Assert.Contains("e?[31mvil   a?b?c", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_combining_mark_takes_no_column()
    {
        // "é" as e + U+0301: two chars, one column.
        Assert.Equal(4, TextTable.Width("cafe\u0301"));
        var table = new TextTable("A", "B");
        table.AddRow("cafe\u0301", "x");
        table.AddRow("tea", "y");

        var output = new CountingWriter();
        table.Write(output);

        var lines = output.ToString().Split('\n');
        Assert.Equal(lines[3].IndexOf('x', StringComparison.Ordinal) - 1, lines[4].IndexOf('y', StringComparison.Ordinal));
    }

    [Fact]
    public void A_row_must_have_a_cell_per_column()
    {
        var table = new TextTable("A", "B");

        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }

    [Fact]
    public void Printable_keeps_text_without_control_characters_and_turns_tabs_into_spaces()
    {
        const string text = "fp0: rule 1 at /etc/nictune/profiles/a.yaml:4; already 4096?";

        Assert.Same(text, Printable.Of(text));
        Assert.Equal("4096 131072 6291456", Printable.Of("4096\t131072\t6291456"));
        Assert.Equal("ünïcödé", Printable.Of("ünïcödé"));
    }

    private sealed class CountingWriter : StringWriter
    {
        public int Writes { get; private set; }

        public override void Write(string? value)
        {
            Writes++;
            base.Write(value);
        }
    }
}
