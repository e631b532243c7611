namespace Nictune.Linux;

/// <summary>
/// What Tmds.LibC (<c>Tmds.Linux.LibC</c>, which binds socket, ioctl, open, write, fsync, close, bind, errno and
/// their constants) does not have: the ethtool command structs and numbers, the netlink/rtnetlink structs and
/// constants, and <c>struct ifreq</c>. One nested class per concern, laid out like dotnet/runtime's Interop tree.
/// Kernel structs keep their C names so they can be checked against the UAPI headers field by field (see the
/// struct-layout tests). The one P/Invoke is getdents64 (<c>Interop.Dirent</c>), which Tmds.LibC does not bind.
/// </summary>
internal static partial class Interop;
