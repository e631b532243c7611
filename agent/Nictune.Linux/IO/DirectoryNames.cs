using System.Text;
using Tmds.Linux;
using static Nictune.Linux.Interop.Dirent;

namespace Nictune.Linux.IO;

/// <summary>
/// The names in an open directory, read with getdents64(2) into a buffer reused by the thread: no stat per entry, and
/// no allocation but the names themselves.
/// </summary>
internal static class DirectoryNames
{
    /// <summary>Room for about a thousand sysfs names per call; /sys/class/net with 257 interfaces needs 6 KiB.</summary>
    private const int BufferSize = 32 * 1024;

    /// <summary>The largest record: the header, NAME_MAX (255) bytes of name and its NUL, rounded up to 8.</summary>
    private const int LargestRecord = 280;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>
    /// The names, sorted ordinally, without "." and ".."; null when the directory cannot be read.
    /// <paramref name="fillsBuffer"/>: the filesystem fills each call's buffer as far as its entries go (kernfs, that is
    /// sysfs, does: kernfs_fop_readdir emits entries until one does not fit), so a call that left room for the largest
    /// record has returned the last entry, and the call that would return 0 is not needed.
    /// </summary>
    public static unsafe List<string>? Read(int fd, bool fillsBuffer)
    {
        var buffer = t_buffer ??= new byte[BufferSize];
        var names = new List<string>();
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var n = (long)getdents64(fd, start, BufferSize);
                if (n < 0)
                {
                    if (LibC.errno == LibC.EINTR)
                    {
                        continue;
                    }

                    return null;
                }

                if (n == 0)
                {
                    break;
                }

                for (long offset = 0; offset < n;)
                {
                    var entry = (dirent64*)(start + offset);
                    var room = (int)Math.Min(entry->d_reclen - (long)(entry->d_name - (byte*)entry), n - offset);
                    var name = new ReadOnlySpan<byte>(entry->d_name, Math.Max(room, 0));
                    var end = name.IndexOf((byte)0);
                    name = end < 0 ? name : name[..end];
                    if (!IsDot(name))
                    {
                        names.Add(Encoding.UTF8.GetString(name));
                    }

                    offset += Math.Max((int)entry->d_reclen, 1);
                }

                if (fillsBuffer && BufferSize - n >= LargestRecord)
                {
                    break;
                }
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static bool IsDot(ReadOnlySpan<byte> name) =>
        name.Length is 1 or 2 && name[0] == (byte)'.' && (name.Length == 1 || name[1] == (byte)'.');
}
