using Spectre.Console;

namespace Nictune.Host.Output;

/// <summary>The console every human-readable table is written to.</summary>
internal static class Terminal
{
    /// <summary>Spectre assumes 80 columns when output is not a terminal, which folds every cell; a pipe has no width.</summary>
    private const int RedirectedWidth = 200;

    /// <summary>
    /// Built per call on the current Console.Out so that redirection (and tests capturing output) is honoured;
    /// a pipe gets plain text, not escape sequences.
    /// </summary>
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    public static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(header).NoWrap());
        }

        return table;
    }

    public static Text Cell(string? value) => new(value ?? "-");
}
