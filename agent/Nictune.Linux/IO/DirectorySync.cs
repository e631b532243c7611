using Tmds.Linux;

namespace Nictune.Linux.IO;

/// <summary>
/// fsync(2) of a directory: after a rename, syncing the directory is what makes the new name itself durable.
/// </summary>
internal static class DirectorySync
{
    /// <summary>Syncs the directory's entries to disk. Throws <see cref="IOException"/> with the errno on failure.</summary>
    public static void Sync(string path)
    {
        var fd = Interop.File.Open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"{path}: open failed: {Interop.Errors.Describe(Interop.Errors.LastErrno())}");
        }

        using var handle = new SafeFileDescriptor(fd);
        using var lease = handle.Lease();
        if (LibC.fsync(lease.Fd) != 0)
        {
            throw new IOException($"{path}: fsync failed: {Interop.Errors.Describe(Interop.Errors.LastErrno())}");
        }
    }
}
