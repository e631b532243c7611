namespace Nictune.Testing;

/// <summary>
/// Finds the real nictune executable for functional tests: <c>$NICTUNE_BIN</c> when set (CI points it at the
/// NativeAOT build), otherwise the net10 build of agent/Nictune.Host next to this checkout.
/// </summary>
public static class NictuneBinary
{
    public static string Path => Environment.GetEnvironmentVariable("NICTUNE_BIN") is { Length: > 0 } bin ? bin : FindBuilt();

    /// <summary>
    /// A build with the test-only fault hook (NICTUNE_TEST_PAUSE_AFTER_WRITE), for the tests that stop the real binary
    /// mid-transaction: <c>$NICTUNE_FAULT_HOOK_BIN</c> when set, otherwise the Debug build, which has the hook. The
    /// Release publish we ship (<see cref="Path"/> under tests/run.sh) has none.
    /// </summary>
    public static string FaultHookPath => Environment.GetEnvironmentVariable("NICTUNE_FAULT_HOOK_BIN") is { Length: > 0 } bin ? bin : FindBuilt("Debug");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Join(dir.FullName, "Agent.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Agent.sln not found above the test assembly");
        }
    }

    public static ToolResult Run(params string[] args) => Tools.Run(Path, args, stdin: null, environment: null);

    public static ToolResult Run(IEnumerable<string> args, IDictionary<string, string?>? environment, TimeSpan? timeout = null) =>
        Tools.Run(Path, args, stdin: null, environment, timeout);

    private static string FindBuilt() => FindBuilt("Debug", "Release");

    private static string FindBuilt(params string[] configurations)
    {
        foreach (var configuration in configurations)
        {
            var candidate = System.IO.Path.Join(RepoRoot, "agent", "Nictune.Host", "bin", configuration, "net10.0", "nictune");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("the nictune binary is not built: run 'dotnet build Agent.sln' or set NICTUNE_BIN");
    }
}
