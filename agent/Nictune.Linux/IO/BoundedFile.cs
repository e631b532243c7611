using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.IO;

/// <summary>
/// Reads small files that someone else may have put there (profiles, the configuration, state files, sysfs
/// attributes) without trusting what the path names. The file is opened with <c>O_NONBLOCK</c>, so opening a FIFO
/// returns at once instead of waiting for a writer; the descriptor is <c>fstat</c>ed and anything but a regular file
/// (a FIFO, <c>/dev/zero</c>, a socket, a directory) is refused; and the read stops at a hard byte limit, so a file
/// that is huge, or grows while it is read, cannot exhaust memory. <see cref="FileInfo.Length"/> is no guard: it is
/// 0 for every one of those special files.
/// </summary>
public static class BoundedFile
{
    /// <summary>
    /// The whole file, or null when it does not exist (ENOENT, ENOTDIR). Throws <see cref="BoundedFileException"/> for
    /// a file that is not regular, larger than <paramref name="maxBytes"/>, or unreadable.
    /// </summary>
    public static byte[]? TryReadAll(string path, int maxBytes)
    {
        using var fd = TryOpen(AT_FDCWD, path, followLinks: true, path);
        return fd is null ? null : ReadAll(fd, path, maxBytes, out _);
    }

    /// <summary>As <see cref="TryReadAll(string, int)"/>, decoded as UTF-8.</summary>
    public static string? TryReadText(string path, int maxBytes) =>
        TryReadAll(path, maxBytes) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>
    /// Opens <paramref name="name"/> relative to the directory <paramref name="directory"/> for reading, without
    /// blocking; null when it does not exist. <paramref name="followLinks"/> false adds <c>O_NOFOLLOW</c>.
    /// </summary>
    internal static unsafe SafeFileDescriptor? TryOpen(int directory, string name, bool followLinks, string display)
    {
        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW);
        var bytes = NulTerminated(name);
        while (true)
        {
            int fd;
            fixed (byte* p = bytes)
            {
                fd = openat(directory, p, flags, 0);
            }

            if (fd >= 0)
            {
                return new SafeFileDescriptor(fd);
            }

            var errno = Tmds.Linux.LibC.errno;
            if (errno == EINTR)
            {
                continue;
            }

            if (errno == ENOENT || errno == ENOTDIR)
            {
                return null;
            }

            throw errno == ELOOP && !followLinks
                ? new BoundedFileException(display, "is a symbolic link, which is not followed here")
                : new BoundedFileException(display, $"cannot open: {Interop.Errors.Describe(errno)}");
        }
    }

    /// <summary>Opens a directory (<c>O_DIRECTORY</c>, following links) to resolve names under it; null when it does not exist.</summary>
    internal static unsafe SafeFileDescriptor? TryOpenDirectory(string path)
    {
        var bytes = NulTerminated(path);
        while (true)
        {
            int fd;
            fixed (byte* p = bytes)
            {
                fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            }

            if (fd >= 0)
            {
                return new SafeFileDescriptor(fd);
            }

            var errno = Tmds.Linux.LibC.errno;
            if (errno == EINTR)
            {
                continue;
            }

            return errno == ENOENT ? null : throw new BoundedFileException(path, $"cannot open the directory: {Interop.Errors.Describe(errno)}");
        }
    }

    /// <summary>
    /// fstat(2) of an open descriptor: what it really is, whatever the path said when it was opened.
    /// </summary>
    internal static unsafe FileFacts Stat(SafeFileDescriptor fd, string display)
    {
        stat st;
        if (fstat(Fd(fd), &st) != 0)
        {
            throw new BoundedFileException(display, $"fstat failed: {Interop.Errors.Describe(Tmds.Linux.LibC.errno)}");
        }

        return new FileFacts((int)st.st_mode, (uint)st.st_uid, (long)st.st_size);
    }

    /// <summary>Refuses anything but a regular file, then reads at most <paramref name="maxBytes"/> bytes.</summary>
    internal static unsafe byte[] ReadAll(SafeFileDescriptor fd, string display, int maxBytes, out FileFacts facts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        facts = Stat(fd, display);
        if (!facts.IsRegular)
        {
            throw new BoundedFileException(display, $"is {facts.Describe()}, not a regular file");
        }

        if (facts.Size > maxBytes)
        {
            throw TooLarge(display, maxBytes);
        }

        // One byte past the limit tells "exactly the limit" from "more": procfs and sysfs report sizes that are not
        // the content's (0, or a page), and a regular file may grow between fstat and read.
        var buffer = new byte[(int)Math.Min((long)maxBytes + 1, Math.Max(facts.Size + 1, 4096))];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    throw TooLarge(display, maxBytes);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)maxBytes + 1, (long)buffer.Length * 2));
            }

            long n;
            fixed (byte* p = &buffer[total])
            {
                n = read(Fd(fd), p, (size_t)(buffer.Length - total));
            }

            if (n < 0)
            {
                var errno = Tmds.Linux.LibC.errno;
                if (errno == EINTR)
                {
                    continue;
                }

                throw new BoundedFileException(display, $"cannot read: {Interop.Errors.Describe(errno)}");
            }

            if (n == 0)
            {
                break;
            }

            total += (int)n;
        }

        if (total > maxBytes)
        {
            throw TooLarge(display, maxBytes);
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    internal static byte[] NulTerminated(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new BoundedFileException(path.Replace('\0', '?'), "the path contains a NUL character");
        }

        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>The raw descriptor, for libc calls made while the caller's <c>using</c> keeps the handle open.</summary>
    internal static int Fd(SafeFileDescriptor fd) => (int)fd.DangerousGetHandle();

    private static BoundedFileException TooLarge(string display, int maxBytes) =>
        new(display, $"is larger than {maxBytes} bytes, the limit for this file");
}
