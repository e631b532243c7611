using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Nictune.Linux;

/// <summary>
/// An owned file descriptor (socket or file) closed with close(2). 0 is a valid descriptor, so only -1 is invalid.
/// Tmds.LibC's calls take a plain <c>int</c>: <see cref="Lease"/> hands it out while holding a reference, so a
/// concurrent Dispose cannot close the number (and let the kernel reuse it) under a call in flight.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    /// <summary>The descriptor number, valid until the returned lease is disposed. Throws when already closed.</summary>
    public FdLease Lease()
    {
        var added = false;
        DangerousAddRef(ref added);
        return new FdLease(this, (int)handle);
    }

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
