namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// The host-global sysctls a privileged container on this kernel can change: systemd as PID 1 raises fs.file-max
/// and fs.nr_open at boot, and a profile may raise vm.min_free_kbytes. Recorded before the container starts and
/// written back after it is gone, whatever happened in between.
/// </summary>
internal sealed class HostGlobalSysctls : IDisposable
{
    private static readonly string[] Watched = ["/proc/sys/vm/min_free_kbytes", "/proc/sys/fs/file-max", "/proc/sys/fs/nr_open"];

    private readonly Dictionary<string, string> _before;

    private HostGlobalSysctls(Dictionary<string, string> before) => _before = before;

    public static HostGlobalSysctls Record() =>
        new(Watched.ToDictionary(path => path, path => File.ReadAllText(path).Trim(), StringComparer.Ordinal));

    /// <summary>What differs from the recorded values now (path: now, before).</summary>
    public IReadOnlyList<string> Differences() =>
        [.. _before.Where(pair => File.ReadAllText(pair.Key).Trim() != pair.Value)
            .Select(pair => $"{pair.Key}: {File.ReadAllText(pair.Key).Trim()}, was {pair.Value}")];

    public void Dispose()
    {
        foreach (var (path, value) in _before)
        {
            if (File.ReadAllText(path).Trim() != value)
            {
                File.WriteAllText(path, value);
            }
        }
    }
}
