using System.Runtime.InteropServices;
using Nictune.Core.Tuning;
using Tmds.Linux;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Errors
    {
        /// <summary>The errno the last Tmds.LibC call left behind on this thread (its imports capture it).</summary>
        internal static int LastErrno() => LibC.errno;

        /// <summary>
        /// strerror(3) text. The runtime's helper calls the thread-safe strerror_r for us, which avoids binding the
        /// GNU and XSI variants of strerror_r, whose signatures differ.
        /// </summary>
        internal static string Message(int errno) => Marshal.GetPInvokeErrorMessage(errno);

        /// <summary>The symbolic name (EINVAL) of the errnos operators meet when tuning, else "errno N" (<see cref="Errnos.Name"/>).</summary>
        internal static string Name(int errno) => Errnos.Name(errno);

        /// <summary>"Operation not supported (EOPNOTSUPP)": both forms, for logs and for people.</summary>
        internal static string Describe(int errno) => $"{Message(errno)} ({Name(errno)})";
    }
}
