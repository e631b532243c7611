using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>`nictune run` configuration errors, through the real binary: exit 2, the file, line and key on stderr.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-run-");

    [Theory]
    [InlineData("mode: enforce\ncolour: blue\n", ":2:1: unknown key 'colour'")]
    [InlineData("interfaces:\n  include: eth0\n", ":2:3: interfaces.include: expected a list, found a single value")]
    [InlineData("drift-interval: 0s\n", ":1:1: drift-interval: '0s' is out of range 1s..1d")]
    public void An_invalid_configuration_exits_2_naming_file_line_and_key(string yaml, string expected)
    {
        var file = Path.Join(_dir.FullName, "agent.yaml");
        File.WriteAllText(file, yaml);

        var result = NictuneBinary.Run("run", "--config", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(file + expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_explicit_configuration_exits_2()
    {
        var file = Path.Join(_dir.FullName, "absent.yaml");

        var result = NictuneBinary.Run("run", "--config", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}: no such configuration file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_runs_with_write_execute_memory_forbidden_as_MemoryDenyWriteExecute_does()
    {
        // PR_SET_MDWE (Linux 6.3+) refuses writable+executable mappings for the process and what it execs: the
        // property MemoryDenyWriteExecute=yes in nictune.service relies on.
        var bin = Environment.GetEnvironmentVariable("NICTUNE_BIN");
        Prerequisite.Require(!string.IsNullOrEmpty(bin) && File.Exists(bin), "NICTUNE_BIN pointing at the NativeAOT build (set by tests/run.sh)");
        Prerequisite.Require(File.Exists("/usr/bin/python3"), "/usr/bin/python3");
        const string Wrapper = """
            import ctypes, os, sys
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
                sys.exit(97)
            os.execv(sys.argv[1], sys.argv[1:])
            """;
        var probe = Tools.Run("/usr/bin/python3", "-c", Wrapper, "/usr/bin/python3", "-c",
            "import mmap; mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)");
        Prerequisite.Require(probe.ExitCode is not 0 and not 97, "a kernel with PR_SET_MDWE (Linux 6.3+)");
        var file = Path.Join(_dir.FullName, "agent.yaml");
        File.WriteAllText(file, "mode: observe\nbogus: 1\n");

        var result = Tools.Run("/usr/bin/python3", "-c", Wrapper, bin!, "run", "--config", file);

        Assert.True(result.ExitCode == 2 && result.Stderr.Contains("unknown key 'bogus'", StringComparison.Ordinal), $"exit {result.ExitCode}: {result.Stderr}");
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
