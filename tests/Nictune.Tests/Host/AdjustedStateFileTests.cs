using Nictune.Linux.State;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// <c>adjusted.json</c> with the real binary: a bad one stops <c>plan</c> with exit 2 naming the file and the field,
/// <c>state check</c> reports it, and moving it aside lets the verbs derive the adjustments from the history again.
/// </summary>
public sealed class AdjustedStateFileTests
{
    [Fact]
    public void A_bad_adjusted_file_stops_plan_is_reported_by_state_check_and_moving_it_aside_unblocks_plan()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("unshare");
        using var dir = new TempStateDirectory();
        var adjusted = Path.Join(dir.Path, FileStateStore.AdjustedFile);
        File.WriteAllText(adjusted, """{"settings":[{"key":{"scope":"Sysctl","target":"","name":"kernel.hostname"},"desired":"a","held":"b"}]}""");
        var profile = Path.Join(dir.Path, "sysctl-only.yaml");
        File.WriteAllText(profile, "name: sysctl-only\ndescription: one sysctl\nsysctl:\n  net.core.somaxconn: 4096\n");

        var plan = PlanIsolated(profile, dir.Path);
        Assert.Equal(2, plan.ExitCode);
        Assert.Contains($"{adjusted}: the state file is corrupt: settings[0].key: Sysctl \"kernel.hostname\"", plan.Stderr, StringComparison.Ordinal);

        var check = NictuneBinary.Run("state", "check", "--state-dir", dir.Path);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains($"{adjusted}: the state file is corrupt", check.Stderr + check.Stdout, StringComparison.Ordinal);

        var moved = NictuneBinary.Run("state", "check", "--state-dir", dir.Path, "--move-aside");
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        Assert.Single(Directory.GetFiles(dir.Path, FileStateStore.AdjustedFile + ".corrupt-*"));

        var again = PlanIsolated(profile, dir.Path);
        Assert.True(again.ExitCode == 0, again.Stderr);
    }

    /// <summary><c>plan</c> in a private network namespace: it reads interfaces and net.* sysctls, never the host's.</summary>
    private static ToolResult PlanIsolated(string profile, string stateDirectory) =>
        Tools.Run("unshare", ["--net", NictuneBinary.Path, "plan", "--profile", profile, "--state-dir", stateDirectory, "--local"],
            stdin: null, environment: null, timeout: TimeSpan.FromSeconds(60));
}
