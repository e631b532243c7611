using System.Runtime.InteropServices;

namespace Nictune.Linux;

/// <summary>
/// An owned file descriptor (socket or file) closed with close(2). 0 is a valid descriptor, so only -1 is invalid.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    // The LibraryImport marshaller creates instances for return values through this constructor.
    public SafeFileDescriptor()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => Interop.Close.close((int)handle) == 0;
}
