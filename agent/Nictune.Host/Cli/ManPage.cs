using System.CommandLine;
using System.Globalization;
using System.Text;
using Nictune.Host.Daemon.Configuration;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>
/// nictune(8) in roff, generated from the CLI's own help: every verb of the command tree, with the description,
/// usage, arguments and options that <c>nictune VERB --help</c> prints (<see cref="HelpText"/>), so the page cannot
/// drift from the CLI. packaging/man/nictune.8 is this output (<c>nictune man</c>); a unit test regenerates it and
/// compares.
/// </summary>
internal static class ManPage
{
    private const string HelpRow = "-?, -h, --help";

    /// <summary>The page's name, and the command's: a root command is named after its executable, whatever it is called.</summary>
    private const string Name = "nictune";

    /// <param name="root">A command tree of its own: its help option is set not to wrap lines.</param>
    public static string Render(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var verbs = Verbs(root, root, []).ToList();
        var rootHelp = HelpText.For(root, []);
        var page = new StringBuilder();
        void Line(string roff) => page.Append(roff).Append('\n');

        Line(@".\"" nictune(8), generated from the CLI's own help by `nictune man`; do not edit.");
        Line(@".\"" Regenerate with: nictune man > packaging/man/nictune.8");
        Line(".TH NICTUNE 8 \"\" nictune \"System Administration\"");
        // No hyphenation: paths and URLs split at a line end read as something else.
        Line(".nh");

        Line(".SH NAME");
        Line($@"{Name} \- {Escape(Summary(rootHelp.Description))}");

        Line(".SH SYNOPSIS");
        Line(".nf");
        foreach (var (_, help) in verbs)
        {
            page.Append(Usage(help));
        }

        Line(".fi");

        Line(".SH DESCRIPTION");
        Line(Escape(Sentence(rootHelp.Description)));
        Line(".PP");
        Line(Escape("The agent itself runs as the systemd service nictune.service (nictune run). Each command below lists the options its --help prints."));

        Line(".SH OPTIONS");
        AppendRows(page, rootHelp.Options);

        Line(".SH COMMANDS");
        foreach (var (path, help) in verbs)
        {
            Line($".SS \"{Escape(string.Join(' ', [Name, .. path]))}\"");
            Line(Escape(Sentence(help.Description)));
            Line(".PP");
            Line(".nf");
            page.Append(Usage(help));
            Line(".fi");
            AppendRows(page, help.Arguments);
            // --help is on every verb (the root's recursive option): listed once, under OPTIONS.
            AppendRows(page, help.Options.Where(row => row.Term != HelpRow));
        }

        Line(".SH EXIT STATUS");
        AppendItem(page, Code(ExitCodes.Success), "Success.");
        AppendItem(page, Code(ExitCodes.FailedRolledBack), "The operation failed and everything it changed was rolled back.");
        AppendItem(page, Code(ExitCodes.InvalidInput), "Invalid input or usage; nothing was changed.");
        AppendItem(page, Code(ExitCodes.RollbackFailed), "The operation failed and so did its rollback; the output says what state was left.");
        AppendItem(page, Code(ExitCodes.JournalPending), "A command that only reads found a journal: a transaction is in progress or awaits recovery, so the values shown may be half-applied.");
        AppendItem(page, Code(ExitCodes.NotWhollyInForce), "The agent's pass left the profile not wholly in force: the kernel refused some settings for good (each is named with its errno) and they were set aside; the rest holds and nothing was rolled back.");

        Line(".SH FILES");
        AppendItem(page, AgentConfigLoader.DefaultPath, "The agent's configuration.");
        AppendItem(page, ProfileCatalog.AdminDirectory, "The administrator's profiles; a file here replaces a shipped profile of the same name.");
        AppendItem(page, ProfileCatalog.ShippedDirectory, "The shipped profiles.");
        AppendItem(page, FileStateStore.DefaultDirectory, "The state: the journal, the baseline (every value before nictune's first change), the history and pushed profiles.");
        AppendItem(page, ApiConfigOptions.DefaultSocket, "The running agent's control socket.");

        Line(".SH SEE ALSO");
        Line(@"\fBsystemctl\fR(1), \fBsystemd.service\fR(5), \fBethtool\fR(8), \fBsysctl\fR(8)");
        return page.ToString();
    }

    /// <summary>Every visible command below <paramref name="parent"/>, depth first, with its path and its help.</summary>
    private static IEnumerable<(IReadOnlyList<string> Path, HelpText Help)> Verbs(RootCommand root, Command parent, IReadOnlyList<string> parentPath)
    {
        foreach (var command in parent.Subcommands.Where(command => !command.Hidden))
        {
            IReadOnlyList<string> path = [.. parentPath, command.Name];
            yield return (path, HelpText.For(root, path));
            foreach (var nested in Verbs(root, command, path))
            {
                yield return nested;
            }
        }
    }

    private static string Usage(HelpText help)
    {
        var usage = new StringBuilder();
        foreach (var printed in help.Usage)
        {
            // The help names the executable first; the page names nictune. Then the command's path in bold, and its
            // arguments and options as printed.
            var line = Name + printed[printed.IndexOf(' ', StringComparison.Ordinal)..];
            var options = line.IndexOf(" [", StringComparison.Ordinal) is var bracket and > 0 ? bracket : line.Length;
            var end = line.IndexOf(" <", StringComparison.Ordinal) is var argument and > 0 && argument < options ? argument : options;
            usage.Append(@"\fB").Append(Escape(line[..end])).Append(@"\fR").Append(Escape(line[end..])).Append('\n');
        }

        return usage.ToString();
    }

    private static void AppendRows(StringBuilder page, IEnumerable<(string Term, string Text)> rows)
    {
        foreach (var (term, text) in rows)
        {
            AppendItem(page, term, text);
        }
    }

    private static void AppendItem(StringBuilder page, string term, string text) =>
        page.Append(".TP\n").Append(@"\fB").Append(Escape(term)).Append(@"\fR").Append('\n').Append(Escape(text)).Append('\n');

    private static string Code(int exitCode) => exitCode.ToString(CultureInfo.InvariantCulture);

    /// <summary>The root's description without its leading "nictune: ", for the NAME line.</summary>
    private static string Summary(string description) =>
        description.StartsWith(Name + ": ", StringComparison.Ordinal) ? description[(Name.Length + 2)..] : description;

    private static string Sentence(string text) => text.Length == 0 || text.EndsWith('.') ? text : text + ".";

    /// <summary>
    /// Text as roff prints it literally: a backslash is \e, a hyphen-minus is \- (a plain '-' may become a hyphen),
    /// and a line that starts with '.' or '\'' gets \&amp; so it is not read as a request.
    /// </summary>
    private static string Escape(string text)
    {
        var escaped = text.Replace("\\", @"\e", StringComparison.Ordinal).Replace("-", @"\-", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? @"\&" + escaped : escaped;
    }
}
