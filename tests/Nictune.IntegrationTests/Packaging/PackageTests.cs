using Nictune.IntegrationTests.Systemd;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Packaging;

/// <summary>
/// packaging/build.sh's packages: their names and contents, lintian and rpm's own view of them, and a real
/// install, upgrade, remove and purge in a Debian root (packaging/test-install.sh).
/// </summary>
public sealed class PackageTests(BuiltPackages built) : IClassFixture<BuiltPackages>
{
    private static readonly string[] Payload =
    [
        "/usr/bin/nictune",
        "/usr/lib/systemd/system/nictune.service",
        "/usr/lib/sysusers.d/nictune.conf",
        "/usr/lib/nictune/profiles/auto.yaml",
        "/usr/lib/nictune/profiles/vmxnet3-throughput.yaml",
        "/etc/nictune/agent.yaml",
        "/var/lib/nictune",
        "/usr/share/nictune/nictune-alerts.yaml",
        "/usr/share/nictune/scrape.yaml",
        "/usr/share/nictune/nictune.json",
        "/usr/share/doc/nictune/copyright",
    ];

    [Fact]
    public void Both_packages_are_named_after_the_one_version_property()
    {
        var packages = built.Get();
        Assert.Equal($"nictune_{packages.Version}_amd64.deb", Path.GetFileName(packages.Deb));
        Assert.Equal($"nictune-{packages.Version}-1.x86_64.rpm", Path.GetFileName(packages.Rpm));
        Assert.Equal(packages.Version, Tools.Check("dpkg-deb", "-f", packages.Deb, "Version").Trim());
    }

    [Fact]
    public void The_deb_holds_the_payload_with_agent_yaml_as_its_conffile()
    {
        var packages = built.Get();
        var listing = Tools.Check("dpkg-deb", "-c", packages.Deb);
        foreach (var path in Payload)
        {
            Assert.Contains($" .{path}", listing, StringComparison.Ordinal);
        }

        Assert.Contains("drwx------ root/root", Line(listing, " ./var/lib/nictune/"), StringComparison.Ordinal);
        Assert.Contains("-rwxr-xr-x root/root", Line(listing, " ./usr/bin/nictune"), StringComparison.Ordinal);
        var control = Path.Join(Directory.CreateTempSubdirectory("nictune-deb-control-").FullName, "DEBIAN");
        try
        {
            Tools.Check("dpkg-deb", "-e", packages.Deb, control);
            Assert.Equal("/etc/nictune/agent.yaml", File.ReadAllText(Path.Join(control, "conffiles")).Trim());
            Assert.Contains("libc6 (>= 2.34)", File.ReadAllText(Path.Join(control, "control")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(control)!, recursive: true);
        }
    }

    [Fact]
    public void Lintian_finds_no_errors()
    {
        var packages = built.Get();
        Prerequisite.RequireTool("lintian");

        var result = Tools.Run("lintian", ["--tag-display-limit", "0", packages.Deb], stdin: null, environment: null, TimeSpan.FromMinutes(5));

        var errors = result.Stdout.Split('\n').Where(line => line.StartsWith("E: ", StringComparison.Ordinal)).ToList();
        Assert.True(result.ExitCode == 0 && errors.Count == 0, $"lintian exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
    }

    [Fact]
    public void The_rpm_holds_the_payload_with_agent_yaml_as_config_noreplace_and_its_scriptlets()
    {
        var packages = built.Get();
        Prerequisite.RequireTool("rpm");

        var files = Tools.Check("rpm", "-qp", "--qf", "[%{FILENAMES} %{FILEFLAGS:fflags} %{FILEMODES:perms}\n]", packages.Rpm);
        foreach (var path in Payload)
        {
            Assert.Contains(path + " ", files, StringComparison.Ordinal);
        }

        Assert.Equal("/etc/nictune/agent.yaml cn -rw-r--r--", Line(files, "/etc/nictune/agent.yaml "));
        Assert.Equal("/var/lib/nictune  drwx------", Line(files, "/var/lib/nictune "));
        var scripts = Tools.Check("rpm", "-qp", "--scripts", packages.Rpm);
        Assert.Contains("preset nictune.service", scripts, StringComparison.Ordinal);
        Assert.Contains("try-restart nictune.service", scripts, StringComparison.Ordinal);
        Assert.Contains("disable --now nictune.service", scripts, StringComparison.Ordinal);
        Assert.Contains("systemd-detect-virt --chroot", scripts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deb_installs_upgrades_removes_and_purges_cleanly_in_a_debian_root()
    {
        var packages = built.Get();
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("unshare");
        var root = DebianRoot.Ensure();

        var result = Tools.Run(
            "bash",
            [Path.Join(NictuneBinary.RepoRoot, "packaging", "test-install.sh"), root, packages.Deb, packages.UpgradeDeb],
            stdin: null,
            environment: null,
            TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, $"packaging/test-install.sh exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains($"ok: nictune --version: {packages.Version}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ok: upgrade to {packages.UpgradeVersion} kept", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok: dpkg -P left nothing behind", result.Stdout, StringComparison.Ordinal);
    }

    private static string Line(string text, string containing) =>
        Assert.Single(text.Split('\n'), line => line.Contains(containing, StringComparison.Ordinal)).TrimEnd();
}
