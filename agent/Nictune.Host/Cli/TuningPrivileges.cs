using Nictune.Linux.Procfs;

namespace Nictune.Host.Cli;

/// <summary>
/// The verbs that write kernel settings refuse up front, with exit 2, when the process cannot write them; <c>plan</c>,
/// <c>detect</c> and <c>rollback --dry-run</c> only read and work unprivileged.
/// </summary>
internal static class TuningPrivileges
{
    /// <summary>Throws <see cref="UsageException"/> naming <paramref name="verb"/> unless the process holds CAP_NET_ADMIN.</summary>
    public static void Require(string verb)
    {
        if (!ProcessCapabilities.HasNetAdmin())
        {
            throw new UsageException(
                $"'nictune {verb}' changes kernel network settings and needs root or CAP_NET_ADMIN (run it with sudo); nothing was changed. 'nictune plan' and 'nictune detect' work without");
        }
    }
}
