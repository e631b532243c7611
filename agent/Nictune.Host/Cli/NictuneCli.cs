using System.CommandLine;

namespace Nictune.Host.Cli;

/// <summary>Builds the command tree and maps failures to the shared exit codes.</summary>
public static class NictuneCli
{
    private const string Description = "nictune: in-guest Linux NIC tuning agent";

    /// <summary>Every verb, by the name its command is created with, in the order help lists them.</summary>
    internal static IReadOnlyList<(string Name, Func<Command> Create)> Verbs { get; } =
    [
        ("detect", DetectCommand.Create),
        ("plan", PlanCommand.Create),
        ("apply", ApplyCommand.Create),
        ("rollback", RollbackCommand.Create),
        ("recover", RecoverCommand.Create),
        ("state", StateCommand.Create),
        ("run", RunCommand.Create),
        ("check-config", CheckConfigCommand.Create),
        ("status", StatusCommand.Create),
        ("push", PushCommand.Create),
        ("unpush", UnpushCommand.Create),
        ("profiles", ProfilesCommand.Create),
        ("events", EventsCommand.Create),
        ("reload", ReloadCommand.Create),
        ("confirm", ConfirmCommand.Create),
        ("man", ManCommand.Create),
    ];

    /// <summary>The whole tree: every verb, with the help and version options and the completion directive.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        foreach (var (_, create) in Verbs)
        {
            root.Subcommands.Add(create());
        }

        return root;
    }

    public static int Run(string[] args)
    {
        // The common case (a verb and its options, no help) is parsed against a root that holds only that verb; the
        // whole tree is built when that parse cannot stand for it (see VerbOnly).
        var parse = VerbOnly(args) is { } verb ? verb.Parse(args) : null;
        if (parse is null || parse.Errors.Count > 0)
        {
            parse = Build().Parse(args);
        }

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"nictune: {error.Message}");
            }

            Console.Error.WriteLine("Run 'nictune --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"nictune: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>
    /// A root that holds only the verb <paramref name="args"/> starts with, or null when the arguments need more than
    /// that verb: no verb, help or version options (a <see cref="RootCommand"/> builds both, and reading their
    /// descriptions loads System.CommandLine's resources through reflection), a completion directive (<c>[suggest]</c>),
    /// or a response file (<c>@file</c>), which may hold any of those. Arguments that parse without errors against it
    /// mean what they mean against the whole tree: the tree adds only other verbs, options the arguments do not name,
    /// and the directive. Any error, and its message, comes from the whole tree.
    /// </summary>
    internal static Command? VerbOnly(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args.Any(NeedsWholeTree))
        {
            return null;
        }

        foreach (var (name, create) in Verbs)
        {
            if (string.Equals(name, args[0], StringComparison.Ordinal))
            {
                return new Command(RootCommand.ExecutableName, Description) { create() };
            }
        }

        return null;
    }

    // The help option's names (--help, -h, /h, -?, /?), also as "--help=…", "--help:…" or inside a bundle of
    // one-letter options ("-vh"), the version option, the directive and a response file.
    private static bool NeedsWholeTree(string arg) =>
        arg.StartsWith('[')
        || arg.StartsWith('@')
        || arg.StartsWith("--help", StringComparison.Ordinal)
        || arg.StartsWith("--version", StringComparison.Ordinal)
        || arg.StartsWith("/h", StringComparison.Ordinal)
        || arg.StartsWith("/?", StringComparison.Ordinal)
        || (arg.StartsWith('-') && !arg.StartsWith("--", StringComparison.Ordinal) && arg.AsSpan().IndexOfAny('h', '?') >= 0);
}
