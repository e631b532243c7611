using System.Globalization;
using System.Text.RegularExpressions;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>systemd/nictune.service: systemd's own verifier accepts it, and its sandbox scores as designed.</summary>
public sealed partial class SystemdUnitTests : IDisposable
{
    /// <summary>
    /// What the unit scores today; a change that weakens the sandbox fails here. 1.9 with ProtectKernelTunables=
    /// spelled out without /proc/irq (which the setting made read-only whatever ReadWritePaths= said); 2.0 since
    /// IPAddressDeny=any gave way to an allow list of private address space, so that Prometheus can scrape /metrics
    /// (systemd-analyze counts any allow list with non-localhost entries 0.1).
    /// </summary>
    private const double AchievedExposure = 2.0;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-unit-");

    [Fact]
    public void Systemd_analyze_verify_is_clean()
    {
        Prerequisite.RequireTool("systemd-analyze");
        var unit = StageUnit();
        // Documentation=man:nictune(8): verify runs `man nictune(8)`, which must find the page the packages ship.
        var man = Directory.CreateDirectory(Path.Join(_dir.FullName, "man", "man8"));
        File.Copy(Path.Join(NictuneBinary.RepoRoot, "packaging", "man", "nictune.8"), Path.Join(man.FullName, "nictune.8"));

        var result = Tools.Run("systemd-analyze", ["verify", unit], stdin: null, new Dictionary<string, string?> { ["MANPATH"] = man.Parent!.FullName });

        Assert.True(result.ExitCode == 0 && result.Stdout.Trim().Length == 0 && result.Stderr.Trim().Length == 0,
            $"systemd-analyze verify exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
    }

    [Fact]
    public void The_sandbox_exposure_score_is_at_most_what_we_achieved()
    {
        Prerequisite.RequireTool("systemd-analyze");
        var unit = StageUnit();

        var result = Tools.Run("systemd-analyze", "security", "--offline=true", "--no-pager", unit);

        var match = OverallExposure().Match(result.Stdout + result.Stderr);
        Assert.True(match.Success, $"no overall exposure level in:\n{result.Stdout}\n{result.Stderr}");
        var score = double.Parse(match.Groups["score"].Value, CultureInfo.InvariantCulture);
        Assert.True(score <= AchievedExposure && score <= 2.0, $"exposure {score} > {AchievedExposure}:\n{result.Stdout}");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>
    /// The repository's unit, copied unchanged except where it runs /usr/bin/nictune (ExecStart=, ExecReload=):
    /// verify refuses a unit whose binary does not exist, and /usr/bin/nictune is not installed where tests run, so
    /// those lines point at the nictune we built instead.
    /// </summary>
    private string StageUnit()
    {
        const string Installed = "/usr/bin/nictune ";
        var source = File.ReadAllLines(Path.Join(NictuneBinary.RepoRoot, "systemd", "nictune.service"));
        Assert.Single(source, line => line.StartsWith("ExecStart=/usr/bin/nictune run", StringComparison.Ordinal));
        Assert.Single(source, line => line.StartsWith("ExecReload=/usr/bin/nictune check-config", StringComparison.Ordinal));
        Assert.Single(source, line => line.StartsWith("ExecReload=/usr/bin/nictune reload", StringComparison.Ordinal));
        var staged = source.Select(line => line.StartsWith("Exec", StringComparison.Ordinal) ? line.Replace(Installed, NictuneBinary.Path + " ", StringComparison.Ordinal) : line);
        var path = Path.Join(_dir.FullName, "nictune.service");
        File.WriteAllLines(path, staged);
        return path;
    }

    [GeneratedRegex(@"Overall exposure level for nictune\.service: (?<score>\d+(\.\d+)?)")]
    private static partial Regex OverallExposure();
}
