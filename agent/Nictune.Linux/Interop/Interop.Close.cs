using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Close
    {
        /// <summary>close(2). Only <see cref="SafeFileDescriptor"/> calls it, so no descriptor is closed twice.</summary>
        [LibraryImport(Libc, SetLastError = true)]
        internal static partial int close(int fd);
    }
}
