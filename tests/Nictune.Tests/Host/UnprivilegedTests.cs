using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// Issue 9 §9: run as an ordinary user (setpriv to uid 65534, which drops every capability), the verbs that write
/// refuse up front with exit 2; plan keeps working.
/// </summary>
public sealed class UnprivilegedTests
{
    public static TheoryData<string[]> WritingVerbs => new()
    {
        new[] { "apply", "--profile", "balanced" },
        new[] { "rollback" },
        new[] { "rollback", "--to", "baseline" },
        new[] { "recover" },
    };

    [Theory]
    [MemberData(nameof(WritingVerbs))]
    public void A_verb_that_writes_refuses_up_front(string[] verb)
    {
        var result = RunAsNobody([.. verb, "--state-dir", "/nonexistent/nictune-unprivileged"]);

        Assert.True(result.ExitCode == 2, result.Stderr);
        Assert.Contains($"'nictune {verb[0]}' changes kernel network settings and needs root or CAP_NET_ADMIN", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_works_unprivileged()
    {
        var result = RunAsNobody(["plan", "--profile", "balanced", "--state-dir", "/nonexistent/nictune-unprivileged", "--json"]);

        Assert.True(result.ExitCode is 0, result.Stderr);
        Assert.DoesNotContain("CAP_NET_ADMIN", result.Stderr, StringComparison.Ordinal);
    }

    private static ToolResult RunAsNobody(string[] args)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("setpriv");
        var profiles = Path.Join(NictuneBinary.RepoRoot, "packaging", "profiles");
        return Tools.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", NictuneBinary.Path, .. args],
            stdin: null, environment: new Dictionary<string, string?> { ["NICTUNE_PROFILE_PATH"] = profiles }, timeout: TimeSpan.FromSeconds(60));
    }
}
