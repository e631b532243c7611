using Nictune.Linux.IO;

namespace Nictune.Host.Cli;

internal static class RootOption
{
    /// <summary>Turns <c>--root</c> into a <see cref="SystemRoot"/>, refusing a directory that is not a sysfs tree.</summary>
    public static SystemRoot Resolve(string? root)
    {
        if (root is null)
        {
            return SystemRoot.Live;
        }

        if (!Directory.Exists(root))
        {
            throw new UsageException($"--root {root}: no such directory");
        }

        var systemRoot = new SystemRoot(root);
        if (!systemRoot.DirectoryExists("/sys/class/net"))
        {
            throw new UsageException($"--root {root}: not a sysfs tree ({Path.Join(systemRoot.Root, "sys/class/net")} is missing)");
        }

        return systemRoot;
    }
}
