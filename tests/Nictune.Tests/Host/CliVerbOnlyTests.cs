using System.CommandLine;
using System.CommandLine.Help;
using Nictune.Host.Cli;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// The one-shot verbs are parsed against a root holding only their verb (no help or version option, whose
/// descriptions load System.CommandLine's resources); whatever that root cannot stand for goes to the whole tree.
/// </summary>
public sealed class CliVerbOnlyTests
{
    [Fact]
    public void Every_verb_is_listed_under_the_name_its_command_has()
    {
        Assert.Equal(NictuneCli.Verbs.Select(v => v.Name), NictuneCli.Verbs.Select(v => v.Create().Name));
        Assert.Equal(NictuneCli.Verbs.Select(v => v.Name), NictuneCli.Build().Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("apply", "--profile", "auto")]
    [InlineData("plan", "--profile", "auto", "--json")]
    [InlineData("detect")]
    [InlineData("state", "check")]
    public void A_verb_and_its_options_are_parsed_without_the_help_option(params string[] args)
    {
        var root = NictuneCli.VerbOnly(args);
        Assert.NotNull(root);
        Assert.Equal([args[0]], root.Subcommands.Select(c => c.Name));
        Assert.DoesNotContain(root.Options, o => o is HelpOption or VersionOption);
        Assert.IsNotType<RootCommand>(root);
    }

    [Theory]
    [InlineData("apply", "--profile", "auto")]
    [InlineData("plan", "--profile", "/tmp/x.yaml", "--json", "--state-dir", "/tmp/s")]
    [InlineData("rollback", "--to", "baseline")]
    [InlineData("detect", "--json")]
    [InlineData("state", "check", "--json")]
    [InlineData("plan", "--profile", "plan")]
    public void The_verb_only_root_parses_as_the_whole_tree(params string[] args)
    {
        var light = NictuneCli.VerbOnly(args)!.Parse(args);
        var whole = NictuneCli.Build().Parse(args);
        Assert.Empty(light.Errors);
        Assert.Empty(whole.Errors);
        Assert.Equal(whole.CommandResult.Command.Name, light.CommandResult.Command.Name);
        Assert.Equal(Describe(whole), Describe(light));
    }

    [Theory]
    [InlineData]
    [InlineData("--version")]
    [InlineData("--help")]
    [InlineData("apply", "-h")]
    [InlineData("apply", "--profile", "auto", "-?")]
    [InlineData("apply", "--profile", "auto", "/h")]
    [InlineData("apply", "--profile", "auto", "/?")]
    [InlineData("apply", "--help=true")]
    [InlineData("apply", "-jh")]
    [InlineData("[suggest:5]", "appl")]
    [InlineData("@args.rsp")]
    [InlineData("apply", "@args.rsp")]
    [InlineData("no-such-verb")]
    [InlineData("Apply")]
    public void Help_version_completion_response_files_and_unknown_verbs_take_the_whole_tree(params string[] args)
    {
        Assert.Null(NictuneCli.VerbOnly(args));
    }

    [Theory]
    [InlineData("apply", "--profile", "x", "--bogus")]
    [InlineData("apply")]
    [InlineData("rollback", "--to", "sideways")]
    public void Errors_are_the_whole_trees(params string[] args)
    {
        Assert.NotEmpty(NictuneCli.VerbOnly(args)!.Parse(args).Errors);
        var expected = string.Concat(NictuneCli.Build().Parse(args).Errors.Select(e => $"nictune: {e.Message}\n")) + "Run 'nictune --help' for usage.\n";
        var error = new StringWriter { NewLine = "\n" };
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(Nictune.Host.ExitCodes.InvalidInput, NictuneCli.Run(args));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Equal(expected, error.ToString());
    }

    // Each option of the chosen command and its value as parsed (implicit defaults included).
    private static string Describe(ParseResult parse) => string.Join(
        "; ",
        parse.CommandResult.Command.Options.Select(o => $"{o.Name}={parse.CommandResult.GetResult(o)?.Tokens.Count ?? -1}:{string.Join(",", parse.CommandResult.GetResult(o)?.Tokens.Select(t => t.Value) ?? [])}"));
}
