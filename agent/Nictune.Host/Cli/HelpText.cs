using System.CommandLine;
using System.CommandLine.Help;

namespace Nictune.Host.Cli;

/// <summary>
/// What <c>nictune VERB --help</c> prints, read back into its sections: System.CommandLine writes "Description:",
/// "Usage:", "Arguments:", "Options:" and "Commands:" headings, each followed by lines indented two spaces, where a
/// row's two columns are separated by at least two spaces. Its help builder itself is internal, so the printed help is
/// the public form of it.
/// </summary>
internal sealed class HelpText
{
    private readonly Dictionary<string, List<string>> _sections;

    private HelpText(Dictionary<string, List<string>> sections) => _sections = sections;

    public string Description => string.Join(' ', Section("Description"));

    public IReadOnlyList<string> Usage => Section("Usage");

    public IReadOnlyList<(string Term, string Text)> Arguments => Rows("Arguments");

    public IReadOnlyList<(string Term, string Text)> Options => Rows("Options");

    /// <summary>The help <paramref name="root"/> prints for the command at <paramref name="path"/> (empty: the root).</summary>
    public static HelpText For(RootCommand root, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Unwrapped, whatever the terminal is: one line per row.
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpAction { MaxWidth = int.MaxValue };
        using var output = new StringWriter();
        var exitCode = root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        if (exitCode != ExitCodes.Success)
        {
            throw new InvalidOperationException($"'{string.Join(' ', path)} --help' exited {exitCode}: {output}");
        }

        return Parse(output.ToString());
    }

    internal static HelpText Parse(string help)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in help.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
            {
                current = [];
                sections[line[..^1]] = current;
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && current is not null)
            {
                current.Add(line.Trim());
            }
        }

        return new HelpText(sections);
    }

    private List<string> Section(string name) => _sections.TryGetValue(name, out var lines) ? lines : [];

    private List<(string Term, string Text)> Rows(string name) =>
    [
        .. Section(name).Select(line => line.IndexOf("  ", StringComparison.Ordinal) is var gap and > 0
            ? (line[..gap], line[gap..].Trim())
            : (line, string.Empty)),
    ];
}
