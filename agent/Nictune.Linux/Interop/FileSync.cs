using System.Runtime.InteropServices;

namespace Nictune.Linux.Interop;

/// <summary>
/// fsync(2) of a directory, which .NET cannot open as a file: after a rename, syncing the directory is what makes
/// the new name itself durable.
/// </summary>
internal static partial class FileSync
{
    // O_RDONLY is 0 on every Linux architecture; O_DIRECTORY differs between x86-64 and arm64, so it is not used.
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    /// <summary>Syncs the directory's entries to disk. Throws <see cref="IOException"/> with the errno on failure.</summary>
    public static void SyncDirectory(string path)
    {
        var fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"{path}: open failed (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"{path}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string pathname, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
