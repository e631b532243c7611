using System.Text;
using Tmds.Linux;

namespace Nictune.Linux;

internal static partial class Interop
{
    /// <summary>
    /// open/write for sysfs and procfs attribute writes. The runtime's FileStream maps errno to exception types
    /// (ENOENT becomes FileNotFoundException, EPERM and EACCES UnauthorizedAccessException, …) and may split or defer
    /// the write; an attribute's store() must see the whole value in one write(2), and the caller needs the exact errno.
    /// fsync of a directory, which .NET cannot open as a file, makes a rename inside it durable.
    /// </summary>
    internal static class File
    {
        /// <summary>
        /// <see cref="LibC.open"/> of a path without O_CREAT (a missing attribute is ENOENT, as the kernel reports
        /// it): the path as NUL-terminated UTF-8, which Tmds.LibC leaves to the caller. Returns -1 with errno set.
        /// </summary>
        internal static unsafe int Open(string pathname, int flags)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(pathname) + 1];
            Encoding.UTF8.GetBytes(pathname, bytes);
            fixed (byte* path = bytes)
            {
                return LibC.open(path, flags, default);
            }
        }
    }
}
