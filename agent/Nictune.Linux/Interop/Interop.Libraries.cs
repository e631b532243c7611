namespace Nictune.Linux;

/// <summary>
/// libc entry points, one nested class per concern, laid out like dotnet/runtime's Interop tree so that a call site
/// reads <c>Interop.Ioctl.Ethtool(...)</c>. Kernel structs keep their C names so they can be checked against the UAPI
/// headers field by field (see the struct-layout test).
/// </summary>
internal static partial class Interop
{
    /// <summary>glibc's soname-less name; the runtime probes libc.so.6 for it.</summary>
    internal const string Libc = "libc";
}
