using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // glibc names kept verbatim (dirent.h) so they can be checked against the C headers.

internal static partial class Interop
{
    /// <summary>
    /// getdents64(2), which Tmds.LibC does not bind: a directory's names and types straight from the kernel, so that a
    /// listing needs no stat per entry (the runtime's enumerator stats every symbolic link to learn whether it leads to
    /// a directory, and sysfs is made of links).
    /// </summary>
    internal static partial class Dirent
    {
        /// <summary>glibc's <c>struct dirent64</c>, the kernel's <c>linux_dirent64</c>: records of <c>d_reclen</c> bytes, each name NUL-terminated.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct dirent64
        {
            public ulong d_ino;
            public long d_off;
            public ushort d_reclen;
            public byte d_type;
            public fixed byte d_name[256];
        }

        /// <summary>Fills <paramref name="dirp"/> with as many records as fit; 0 at the end of the directory, -1 with errno set.</summary>
        [LibraryImport("libc.so.6", EntryPoint = "getdents64")]
        internal static unsafe partial nint getdents64(int fd, void* dirp, nuint count);
    }
}
