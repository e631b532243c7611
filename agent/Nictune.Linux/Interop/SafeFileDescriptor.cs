using System.Runtime.InteropServices;

namespace Nictune.Linux;

/// <summary>
/// An owned file descriptor (socket or file) closed with close(2). 0 is a valid descriptor, so only -1 is invalid.
/// Imports return a plain <c>int</c> and callers wrap it here: the SafeHandle return marshaller reads a
/// pointer-sized value, and the upper half of a C <c>int</c> return register is undefined, so -1 could arrive as
/// 0xFFFFFFFF and pass for a valid handle.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => Interop.Close.close((int)handle) == 0;
}
