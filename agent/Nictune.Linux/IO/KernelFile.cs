using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.IO;

/// <summary>
/// Reads files of the live kernel's own filesystems (sysfs, procfs) with as few system calls as they allow: one open,
/// one read into a buffer reused by the thread, one close. No fstat: sysfs (kernfs) has only directories, regular
/// files and links, and procfs none but its own, so there is no FIFO or device to refuse there (a fixture tree, which
/// may hold anything, is read through <see cref="BoundedFile"/> instead). The hard byte limit stays.
/// </summary>
internal static class KernelFile
{
    /// <summary>
    /// A sysfs attribute's show() fills at most one page (Documentation/filesystems/sysfs.rst); one byte more tells a
    /// full page from a longer file.
    /// </summary>
    private const int BufferSize = 4096 + 1;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>
    /// The text of <paramref name="path"/>, or null when it cannot be opened or read, or holds more than
    /// <paramref name="maxBytes"/>. <paramref name="singleRecord"/>: the file is one record, produced whole by one
    /// show() (a sysfs attribute, a /proc/sys value, a single_open seq_file), so a read that returns less than was asked
    /// for has returned all of it, and the read that would return 0 is not needed. A multi-record seq_file
    /// (/proc/cpuinfo) may stop short at a record boundary and is read until end of file.
    /// </summary>
    public static string? TryReadText(string path, int maxBytes, bool singleRecord) =>
        TryReadTextAt(AT_FDCWD, path, maxBytes, singleRecord);

    /// <summary>
    /// As <see cref="TryReadText(string, int, bool)"/>, with <paramref name="path"/> relative to the open directory
    /// <paramref name="directoryFd"/> (or <c>AT_FDCWD</c>): the kernel starts its walk there instead of at <c>/</c>.
    /// </summary>
    public static unsafe string? TryReadTextAt(int directoryFd, string path, int maxBytes, bool singleRecord)
    {
        var name = BoundedFile.NulTerminated(path);
        int fd;
        do
        {
            fixed (byte* p = name)
            {
                fd = openat(directoryFd, p, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
            }
        }
        while (fd < 0 && errno == EINTR);

        if (fd < 0)
        {
            return null;
        }

        try
        {
            return Read(fd, maxBytes, singleRecord);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static unsafe string? Read(int fd, int maxBytes, bool singleRecord)
    {
        var buffer = t_buffer ??= new byte[BufferSize];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }

                // Longer than a page: a file of its own size, not the thread's buffer, which stays small.
                var larger = new byte[(int)Math.Min((long)maxBytes + 1, (long)buffer.Length * 2)];
                buffer.AsSpan(0, total).CopyTo(larger);
                buffer = larger;
            }

            var wanted = buffer.Length - total;
            long n;
            fixed (byte* p = &buffer[total])
            {
                n = read(fd, p, (size_t)wanted);
            }

            if (n < 0)
            {
                if (errno == EINTR)
                {
                    continue;
                }

                return null;
            }

            total += (int)n;
            if (n == 0 || (singleRecord && n < wanted))
            {
                break;
            }
        }

        return total > maxBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }
}
