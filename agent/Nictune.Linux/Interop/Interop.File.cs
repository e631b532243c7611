using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    /// <summary>
    /// open/write for sysfs and procfs attribute writes. The runtime's FileStream maps errno to exception types
    /// (ENOENT becomes FileNotFoundException, EPERM and EACCES UnauthorizedAccessException, …) and may split or defer
    /// the write; an attribute's store() must see the whole value in one write(2), and the caller needs the exact errno.
    /// fsync of a directory, which .NET cannot open as a file, makes a rename inside it durable.
    /// </summary>
    internal static partial class File
    {
        // O_RDONLY is 0 on every Linux architecture; O_DIRECTORY differs between x86-64 and arm64, so it is not used.
        internal const int O_RDONLY = 0x0;
        internal const int O_WRONLY = 0x1;
        internal const int O_TRUNC = 0x200;
        internal const int O_CLOEXEC = 0x80000;

        /// <summary>open(2) without O_CREAT: a missing attribute is ENOENT, as the kernel reports it.</summary>
        [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string pathname, int flags);

        [LibraryImport(Libc, SetLastError = true)]
        internal static partial int fsync(SafeFileDescriptor fd);

        [LibraryImport(Libc, SetLastError = true)]
        internal static unsafe partial nint write(SafeFileDescriptor fd, byte* buf, nuint count);
    }
}
