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
        "/usr/share/man/man8/nictune.8.gz",
        "/usr/share/bash-completion/completions/nictune",
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
        Assert.Contains("/usr/bin/nictune rollback --to baseline --local --state-dir /var/lib/nictune", scripts, StringComparison.Ordinal);
    }

    [Fact]
    public void Rpmlint_finds_nothing_beyond_its_explained_filters()
    {
        var packages = built.Get();
        Prerequisite.RequireTool("rpmlint");

        var result = Tools.Run(
            "rpmlint",
            ["-c", Path.Join(NictuneBinary.RepoRoot, "packaging", "rpm", "rpmlint.toml"), packages.Rpm],
            stdin: null,
            environment: null,
            TimeSpan.FromMinutes(2));

        Assert.True(
            result.ExitCode == 0 && result.Stdout.Contains(" 0 errors, 0 warnings", StringComparison.Ordinal),
            $"rpmlint exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
    }

    [Fact]
    public void The_man_page_is_the_binarys_own_and_names_every_verb_and_option_its_help_prints()
    {
        var packages = built.Get();
        Prerequisite.RequireTool("man");
        using var unpacked = Unpack(packages.Deb);
        var page = Path.Join(unpacked.Path, "usr", "share", "man", "man8", "nictune.8.gz");

        // The packaged page is what the packaged binary generates from its own help.
        Assert.Equal(NictuneBinary.Run("man").Stdout, Tools.Check("zcat", page));

        // Rendered by man, it shows every verb `nictune --help` lists (and the verbs below them, as `nictune state
        // --help` lists `check`), and every option row of every verb's --help.
        var rendered = Tools.Run("man", ["-l", page], stdin: null, new Dictionary<string, string?> { ["MANWIDTH"] = "200", ["LC_ALL"] = "C.UTF-8", ["MANPAGER"] = "cat" });
        Assert.True(rendered.ExitCode == 0 && rendered.Stderr.Length == 0, $"man -l exited {rendered.ExitCode}: {rendered.Stderr}");
        var text = rendered.Stdout.Replace('\u2010', '-').Replace('\u2212', '-');
        var verbs = new Queue<string[]>(HelpRows(NictuneBinary.Run("--help").Stdout, "Commands").Select(row => new[] { row.Split(' ')[0] }));
        List<string> seen = [];
        var options = 0;
        while (verbs.TryDequeue(out var verb))
        {
            seen.Add(string.Join(' ', verb));
            Assert.Contains($"nictune {string.Join(' ', verb)}", text, StringComparison.Ordinal);
            var help = NictuneBinary.Run([.. verb, "--help"]).Stdout;
            foreach (var option in HelpRows(help, "Options"))
            {
                Assert.True(text.Contains(option, StringComparison.Ordinal), $"nictune(8) lacks '{option}' of nictune {string.Join(' ', verb)} --help:\n{text}");
                options++;
            }

            foreach (var nested in HelpRows(help, "Commands"))
            {
                verbs.Enqueue([.. verb, nested.Split(' ')[0]]);
            }
        }

        Assert.Contains("state check", seen);
        Assert.True(options > seen.Count * 2, $"only {options} options of {seen.Count} verbs checked");
    }

    [Fact]
    public void Bash_completion_completes_verbs_and_option_values_from_the_binary()
    {
        var packages = built.Get();
        Prerequisite.RequireTool("bash");
        using var unpacked = Unpack(packages.Deb);
        var completion = Path.Join(unpacked.Path, "usr", "share", "bash-completion", "completions", "nictune");

        // What bash does on TAB: COMP_LINE and COMP_POINT for the line up to the cursor, COMP_WORDS and COMP_CWORD for
        // its words, then the function registered with `complete -F`, called with the command, the word and the one
        // before it.
        string Complete(string line) => Tools.Check("bash", "-c", """
            set -e
            source "$1"
            [ "$(complete -p nictune)" = "complete -o default -F _nictune nictune" ]
            COMP_LINE=$3 COMP_POINT=${#3}
            read -ra COMP_WORDS <<<"$3"
            case "$3" in *' ') COMP_WORDS+=('') ;; esac
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_WORDS[0]=$2
            _nictune "$2" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """, "complete-nictune", completion, NictuneBinary.Path, line).Trim();

        Assert.Equal("detect", Complete("nictune det"));
        Assert.Equal("baseline\nprevious", Complete("nictune rollback --to "));
        Assert.Equal("check", Complete("nictune state ch"));
        Assert.Equal("--dry-run", Complete("nictune rollback --dr"));
        var verbs = Complete("nictune ").Split('\n');
        foreach (var verb in HelpRows(NictuneBinary.Run("--help").Stdout, "Commands").Select(row => row.Split(' ')[0]))
        {
            Assert.Contains(verb, verbs);
        }

        Assert.DoesNotContain("man", verbs);
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

    [Fact]
    public void The_installed_deb_boots_ready_an_upgrade_restarts_it_keeping_state_and_pushed_profile_and_removal_restores_the_baseline()
    {
        var packages = built.Get();
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("systemd-nspawn");
        Prerequisite.RequireTool("nsenter");
        var lower = DebianRoot.Ensure();
        using var machineLock = MachineLock.Acquire(HostGlobalUnits.MachineLockFile, TimeSpan.FromMinutes(5));
        using var root = PackagedRoot.Install(lower, packages.Deb);
        HostGlobalUnits.MaskIn(Path.Join(root.Path, "etc", "systemd", "system"));
        var share = Directory.CreateTempSubdirectory("nictune-package-share-");
        try
        {
            File.Copy(packages.UpgradeDeb, Path.Join(share.FullName, "upgrade.deb"));
            // Only values of the container's own network namespace.
            File.WriteAllText(Path.Join(share.FullName, "package-pushed.yaml"), "name: package-pushed\nextends: [auto]\nsysctl:\n  net.core.somaxconn: 8192\n");
            using var globals = HostGlobalSysctls.Record();
            using (var container = NspawnContainer.Boot(root.Path, "ntp-" + Guid.NewGuid().ToString("N")[..8], [(share.FullName, "/packages", false)]))
            {
                string Journal() => container.Run("journalctl --no-pager -o short-monotonic -u nictune.service").Stdout;

                // The preset enabled it at install (in the chroot nothing started it); systemd started it at boot, and
                // Type=notify makes "active" mean READY=1 arrived, with the packaged configuration's profile.
                Assert.Equal("enabled", container.Check("systemctl is-enabled nictune.service"));
                var active = container.Run("systemctl is-active nictune.service").Stdout.Trim();
                Assert.True(active == "active", $"nictune.service is {active} after boot:\n{Journal()}\n{container.Output}");
                Assert.Equal(File.ReadAllText(Path.Join(NictuneBinary.RepoRoot, "systemd", "agent.yaml")).Trim(), container.Check("cat /etc/nictune/agent.yaml"));
                var status = container.Property("nictune.service", "StatusText");
                Assert.StartsWith("tuned ", status, StringComparison.Ordinal);
                Assert.Contains(" with profile auto:", status, StringComparison.Ordinal);

                // The installed unit as systemd reads it. The minimal root has no man-db, so the Documentation= page is
                // not looked up here (lintian and the man page test check the page itself).
                var verify = container.Run("systemd-analyze verify --man=no /usr/lib/systemd/system/nictune.service", TimeSpan.FromMinutes(1));
                Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, $"systemd-analyze verify exited {verify.ExitCode}:\n{verify.Stdout}{verify.Stderr}");

                container.Check("nictune push /packages/package-pushed.yaml --apply", TimeSpan.FromMinutes(1));
                Assert.Equal("8192", container.Check("sysctl -n net.core.somaxconn"));
                const string State = "cd /var/lib/nictune && sha256sum baseline.json pushed/generation pushed/package-pushed.yaml";
                var stateBefore = container.Check(State);
                var pidBefore = container.Property("nictune.service", "MainPID");

                // The upgrade, on the running system: postinst restarts the agent, and the agent now running is the
                // upgrade's file (dpkg replaced /usr/bin/nictune; a process still running the old one shows it as
                // "(deleted)"). Both packages hold the same binary, so its version cannot tell them apart.
                container.Check("dpkg -i /packages/upgrade.deb", TimeSpan.FromMinutes(3));
                Assert.Equal(packages.UpgradeVersion, container.Check("dpkg-query -W -f='${Version}' nictune"));
                Assert.Equal("active", container.Property("nictune.service", "ActiveState"));
                var pidAfter = container.Property("nictune.service", "MainPID");
                Assert.NotEqual(pidBefore, pidAfter);
                Assert.Equal("/usr/bin/nictune", container.Check($"readlink /proc/{pidAfter}/exe"));
                Assert.Contains("package-pushed", container.Check("nictune status"), StringComparison.Ordinal);
                Assert.Contains(" with profile package-pushed:", container.Property("nictune.service", "StatusText"), StringComparison.Ordinal);
                Assert.Equal(stateBefore, container.Check(State));
                Assert.Equal("8192", container.Check("sysctl -n net.core.somaxconn"));

                // Removal on the running system stops the agent and restores the baseline while the binary is still
                // there (prerm); purge then deletes the state. A fresh network namespace holds the kernel's default,
                // which is what the container's namespace held before nictune's first change.
                var original = Tools.Check("unshare", "--net", "cat", "/proc/sys/net/core/somaxconn").Trim();
                container.Check("dpkg -r nictune", TimeSpan.FromMinutes(2));
                Assert.Equal("inactive", container.Run("systemctl is-active nictune.service").Stdout.Trim());
                Assert.Equal(original, container.Check("sysctl -n net.core.somaxconn"));
                container.Check("dpkg -P nictune", TimeSpan.FromMinutes(2));
                Assert.Equal("gone", container.Check("test -e /var/lib/nictune && echo kept || echo gone"));
            }

            Assert.DoesNotContain(globals.Differences(), difference => !difference.StartsWith("/proc/sys/fs/", StringComparison.Ordinal));
        }
        finally
        {
            share.Delete(recursive: true);
        }
    }

    /// <summary>The first column of each row in one section ("Commands", "Options") of a --help output.</summary>
    private static List<string> HelpRows(string help, string section) =>
    [
        .. help.Split('\n')
            .SkipWhile(line => line != section + ":")
            .Skip(1)
            .TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal))
            .Select(line => line.Trim().Split("  ")[0]),
    ];

    private static UnpackedDeb Unpack(string deb)
    {
        var unpacked = new UnpackedDeb(Directory.CreateTempSubdirectory("nictune-deb-").FullName);
        Tools.Check("dpkg-deb", "-x", deb, unpacked.Path);
        return unpacked;
    }

    private static string Line(string text, string containing) =>
        Assert.Single(text.Split('\n'), line => line.Contains(containing, StringComparison.Ordinal)).TrimEnd();
}
