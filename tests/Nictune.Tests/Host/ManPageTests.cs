using System.CommandLine;
using System.CommandLine.Help;
using Nictune.Host.Cli;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// nictune(8): packaging/man/nictune.8, which the packages ship, is exactly what <c>nictune man</c> generates from the
/// CLI's help now, and names every verb and option of the command tree.
/// </summary>
public sealed class ManPageTests
{
    private static string ShippedPage => File.ReadAllText(Path.Join(NictuneBinary.RepoRoot, "packaging", "man", "nictune.8"));

    [Fact]
    public void The_shipped_man_page_is_what_nictune_man_generates()
    {
        var generated = ManPage.Render(NictuneCli.Build());

        Assert.True(
            generated == ShippedPage,
            "packaging/man/nictune.8 differs from the CLI's help; regenerate it: dotnet run --project agent/Nictune.Host -- man > packaging/man/nictune.8");
    }

    [Fact]
    public void Every_verb_and_option_of_the_command_tree_is_in_the_man_page()
    {
        var page = ShippedPage;
        var root = NictuneCli.Build();
        var checkedOptions = 0;
        foreach (var (path, command) in Verbs(root, "nictune"))
        {
            Assert.Contains($".SS \"{Roff(path)}\"\n{Roff(command.Description!)}", page, StringComparison.Ordinal);
            var section = Section(page, path);
            foreach (var option in command.Options.Where(option => !option.Hidden && option is not HelpOption))
            {
                foreach (var name in option.Aliases.Append(option.Name))
                {
                    Assert.True(
                        section.Split('\n').Any(line => line.StartsWith(@"\fB", StringComparison.Ordinal) && line.Split([@"\fB", ", ", " ", @"\fR"], StringSplitOptions.None).Contains(Roff(name))),
                        $"{path} {name} is not in its section of nictune(8)");
                }

                checkedOptions++;
            }
        }

        Assert.Contains(@"\fB\-?, \-h, \-\-help\fR", page, StringComparison.Ordinal);
        Assert.Contains(@"\fB\-\-version\fR", page, StringComparison.Ordinal);
        Assert.True(checkedOptions > 40, $"only {checkedOptions} options checked");
    }

    [Fact]
    public void The_hidden_man_verb_is_not_documented_as_a_verb()
    {
        Assert.DoesNotContain(".SS \"nictune man\"", ShippedPage, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\fBnictune man\fR", ShippedPage, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_text_splits_rows_at_the_column_gap()
    {
        var help = HelpText.Parse("Description:\n  Push a profile\n\nUsage:\n  nictune push <FILE> [options]\n\nArguments:\n  <FILE>  The profile\n\nOptions:\n  --to <a|b>      one: two  [default: a]\n  --json          JSON\n  --bare\n");

        Assert.Equal("Push a profile", help.Description);
        Assert.Equal(["nictune push <FILE> [options]"], help.Usage);
        Assert.Equal([("<FILE>", "The profile")], help.Arguments);
        Assert.Equal([("--to <a|b>", "one: two  [default: a]"), ("--json", "JSON"), ("--bare", string.Empty)], help.Options);
    }

    private static IEnumerable<(string Path, Command Command)> Verbs(Command parent, string parentPath)
    {
        foreach (var command in parent.Subcommands.Where(command => !command.Hidden))
        {
            var path = $"{parentPath} {command.Name}";
            yield return (path, command);
            foreach (var nested in Verbs(command, path))
            {
                yield return nested;
            }
        }
    }

    /// <summary>A verb's section: from its heading to the next heading.</summary>
    private static string Section(string page, string path)
    {
        var start = page.IndexOf($".SS \"{Roff(path)}\"\n", StringComparison.Ordinal);
        var end = page.IndexOf("\n.S", start + 1, StringComparison.Ordinal);
        return page[start..end];
    }

    private static string Roff(string text) => text.Replace("-", @"\-", StringComparison.Ordinal);
}
