using System.Text.RegularExpressions;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Docs;

/// <summary>Every "docs/drivers.md §N" the code, profiles and docs cite names a section that exists.</summary>
public sealed partial class DriverFactCitationTests
{
    private static readonly string[] Searched = ["agent", "tests", "packaging", "docs"];
    private static readonly string[] Extensions = [".cs", ".yaml", ".md"];

    [Fact]
    public void Every_cited_section_exists()
    {
        var root = NictuneBinary.RepoRoot;
        var sections = Heading().Matches(File.ReadAllText(Path.Join(root, "docs/drivers.md")))
            .Select(match => match.Groups["n"].Value)
            .ToHashSet(StringComparer.Ordinal);

        var cited = Searched
            .SelectMany(dir => Directory.EnumerateFiles(Path.Join(root, dir), "*", SearchOption.AllDirectories))
            .Where(file => Extensions.Contains(Path.GetExtension(file)) && !IsBuildOutput(file))
            .SelectMany(file => Citation().Matches(File.ReadAllText(file)).Select(match => (file, n: match.Groups["n"].Value)))
            .ToList();

        Assert.NotEmpty(cited);
        var dangling = cited.Where(c => !sections.Contains(c.n)).Select(c => $"{Path.GetRelativePath(root, c.file)}: §{c.n}");
        Assert.Empty(dangling);
    }

    [Fact]
    public void Nothing_cites_drivers_md_outside_docs()
    {
        // A citation without its docs/ folder sends a reader looking for a file that is not where it says.
        var root = NictuneBinary.RepoRoot;
        var bare = Searched
            .SelectMany(dir => Directory.EnumerateFiles(Path.Join(root, dir), "*", SearchOption.AllDirectories))
            .Where(file => Extensions.Contains(Path.GetExtension(file)) && !IsBuildOutput(file))
            .Where(file => BareCitation().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(root, file));
        Assert.Empty(bare);
    }

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"^## §(?<n>\d+) ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"docs/drivers\.md §(?<n>\d+)")]
    private static partial Regex Citation();

    // The file name not preceded by "docs/", "(" (a Markdown link inside docs/ is relative) or "[".
    [GeneratedRegex(@"(?<![/(\[])drivers\.md")]
    private static partial Regex BareCitation();
}
