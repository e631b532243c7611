using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Packaging;

/// <summary>
/// The .deb and .rpm that packaging/build.sh makes from the NativeAOT binary tests/run.sh published, built once per
/// test class: one at the version in Directory.Build.props, and a .deb one patch version later to upgrade to. Built on
/// first use inside a test, so that a missing prerequisite is that test's visible skip.
/// </summary>
public sealed class BuiltPackages : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-packages-");
    private readonly Lazy<Packages> _packages;

    public BuiltPackages() => _packages = new(BuildAll);

    public Packages Get() => _packages.Value;

    public void Dispose() => _dir.Delete(recursive: true);

    private Packages BuildAll()
    {
        var binary = NictuneBinary.Path;
        // A framework-dependent build has its nictune.dll beside it and needs a .NET runtime the package must not need.
        Prerequisite.Require(!File.Exists(Path.ChangeExtension(binary, ".dll")), "the NativeAOT nictune in NICTUNE_BIN (tests/run.sh publishes it)");
        Prerequisite.RequireTool("dpkg-deb");
        Prerequisite.RequireTool("rpmbuild");
        var version = Tools.Check("dotnet", "msbuild", Path.Join(NictuneBinary.RepoRoot, "agent", "Nictune.Host"), "-getProperty:Version").Trim();
        var built = Build(binary, version: null, Path.Join(_dir.FullName, "current"));
        var parts = version.Split('.');
        var upgradeVersion = $"{parts[0]}.{parts[1]}.{int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 1}";
        return new Packages(
            version,
            Assert.Single(built, p => p.EndsWith(".deb", StringComparison.Ordinal)),
            Assert.Single(built, p => p.EndsWith(".rpm", StringComparison.Ordinal)),
            upgradeVersion,
            Assert.Single(Build(binary, upgradeVersion, Path.Join(_dir.FullName, "upgrade")), p => p.EndsWith(".deb", StringComparison.Ordinal)));
    }

    /// <summary>
    /// packaging/build.sh with an already published binary: the paths of the packages it built, the .deb alone with
    /// <paramref name="debOnly"/>, its members stored uncompressed with <paramref name="uncompressed"/> (dpkg-deb's
    /// <c>DPKG_DEB_COMPRESSOR_TYPE</c>).
    /// </summary>
    internal static string[] Build(string binary, string? version, string output, bool debOnly = false, bool uncompressed = false)
    {
        List<string> args = [Path.Join(NictuneBinary.RepoRoot, "packaging", "build.sh"), "--binary", binary, "--out", output];
        if (version is not null)
        {
            args.AddRange(["--version", version]);
        }

        if (debOnly)
        {
            args.Add("--deb-only");
        }

        var environment = uncompressed ? new Dictionary<string, string?> { ["DPKG_DEB_COMPRESSOR_TYPE"] = "none" } : null;
        var result = Tools.Run("bash", args, stdin: null, environment, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"packaging/build.sh exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
