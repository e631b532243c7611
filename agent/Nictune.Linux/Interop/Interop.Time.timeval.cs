using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (sys/time.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Time
    {
        /// <summary>
        /// <c>struct timeval</c> (64-bit Linux), the value of SO_RCVTIMEO: Tmds.LibC binds setsockopt but not this struct.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct timeval
        {
            public long tv_sec;
            public long tv_usec;
        }
    }
}
