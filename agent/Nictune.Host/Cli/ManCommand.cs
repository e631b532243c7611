using System.CommandLine;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune man</c>, hidden: writes nictune(8) in roff, generated from the CLI's own help
/// (<see cref="ManPage"/>). The packages ship its output, kept in packaging/man/nictune.8.
/// </summary>
internal static class ManCommand
{
    public static Command Create()
    {
        var command = new Command("man", "Write the nictune(8) manual page (roff) to standard output") { Hidden = true };
        command.SetAction(parse =>
        {
            // A tree of its own: rendering sets its help not to wrap.
            Console.Out.Write(ManPage.Render(NictuneCli.Build()));
            return ExitCodes.Success;
        });
        return command;
    }
}
