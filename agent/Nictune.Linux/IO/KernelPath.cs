using System.Globalization;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.IO;

/// <summary>readlink(2) as the kernel answers it: one call, no walk of our own.</summary>
internal static class KernelPath
{
    /// <summary>Longest link target read: PATH_MAX, which no kernel path exceeds.</summary>
    private const int PathMax = 4096;

    /// <summary>The kernel's d_path for a path that was unlinked after it was opened (fs/d_path.c).</summary>
    private const string DeletedSuffix = " (deleted)";

    /// <summary>
    /// The absolute path of what <paramref name="fd"/> refers to, from its <c>/proc/self/fd</c> link (proc(5)): the
    /// kernel's own record of where the open ended after every link. Null when /proc is not mounted, or when the
    /// object has no path any more (unlinked) or none from this process's root ("(unreachable)…").
    /// </summary>
    public static string? OfDescriptor(int fd)
    {
        var target = ReadLink(AT_FDCWD, "/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture));
        return target is { Length: > 0 } && target[0] == '/' && !target.EndsWith(DeletedSuffix, StringComparison.Ordinal) ? target : null;
    }

    /// <summary>The raw target of the link <paramref name="path"/> (relative to <paramref name="directory"/>), or null when it is not a link or cannot be read.</summary>
    public static unsafe string? ReadLink(int directory, string path)
    {
        var name = BoundedFile.NulTerminated(path);
        var buffer = stackalloc byte[PathMax];
        long n;
        fixed (byte* p = name)
        {
            n = readlinkat(directory, p, buffer, PathMax);
        }

        // A target filling the whole buffer may have been cut short: not a path we can use.
        return n is > 0 and < PathMax ? Encoding.UTF8.GetString(buffer, (int)n) : null;
    }
}
