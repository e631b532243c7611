using Nictune.Testing;

namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// A minimal Debian root (debootstrap --variant=minbase) with systemd as init, cached under artifacts/ because
/// building it takes a minute or two. The cache is used read-only: every container boots it with a throw-away
/// overlay (systemd-nspawn --volatile=overlay), so tests never change it and can share it.
/// </summary>
internal static class DebianRoot
{
    /// <summary>
    /// Beyond minbase: systemd and systemd-sysv (PID 1), dbus (systemctl's peer for some queries), iproute2, ethtool
    /// and procps (the tools the test changes and reads tuned settings with).
    /// </summary>
    private static readonly string[] Packages = ["systemd", "systemd-sysv", "dbus", "iproute2", "ethtool", "procps"];

    private const string StampFile = ".nictune-root";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DebootstrapTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The cached root's directory, built first when missing or made from another recipe.</summary>
    public static string Ensure()
    {
        var mirror = AptMirror.FromThisMachine();
        var cache = Path.Join(NictuneBinary.RepoRoot, "artifacts", "nspawn");
        var root = Path.Join(cache, $"{mirror.Suite}-minbase");
        var recipe = $"debootstrap --variant=minbase --include={string.Join(',', Packages)} {mirror.Suite}\n";
        if (IsBuilt(root, recipe))
        {
            return root;
        }

        Directory.CreateDirectory(cache);
        using var buildLock = MachineLock.Acquire(Path.Join(cache, ".build.lock"), LockWait);
        if (IsBuilt(root, recipe))
        {
            return root;
        }

        Prerequisite.RequireTool("debootstrap");
        Prerequisite.Require(mirror.IsKnown, $"an http(s) Debian source for '{mirror.Suite}' in /etc/apt/sources.list*, to build the container root from");
        Prerequisite.Require(MirrorAnswers(mirror), $"the Debian mirror {mirror.Uri} ({mirror.Suite}) reachable, to build the container root");

        var building = root + ".building";
        DeleteIfPresent(building);
        var result = Tools.Run(
            "debootstrap",
            ["--variant=minbase", $"--include={string.Join(',', Packages)}", mirror.Suite, building, mirror.Uri!],
            stdin: null,
            environment: null,
            DebootstrapTimeout);
        if (result.ExitCode != 0)
        {
            var log = Path.Join(building, "debootstrap", "debootstrap.log");
            var detail = File.Exists(log) ? File.ReadAllText(log) : result.Stdout + result.Stderr;
            DeleteIfPresent(building);
            throw new InvalidOperationException($"debootstrap from {mirror.Uri} exited {result.ExitCode}:\n{Tail(detail)}");
        }

        File.WriteAllText(Path.Join(building, StampFile), recipe);
        DeleteIfPresent(root);
        Directory.Move(building, root);
        return root;
    }

    private static bool IsBuilt(string root, string recipe)
    {
        var stamp = Path.Join(root, StampFile);
        return File.Exists(stamp) && File.ReadAllText(stamp) == recipe;
    }

    private static bool MirrorAnswers(AptMirror mirror)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            using var response = http.GetAsync($"{mirror.Uri}/dists/{mirror.Suite}/Release", HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory))
        {
            // rm rather than Directory.Delete: a root holds device nodes and symlinks to absolute paths.
            Tools.Run("rm", ["-rf", "--one-file-system", directory], stdin: null, environment: null, TimeSpan.FromMinutes(2));
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
