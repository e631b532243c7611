namespace Nictune.Linux.Netlink;

/// <summary>The end of a dump: NLMSG_DONE, or NLMSG_ERROR in its place.</summary>
/// <param name="Sequence">The nlmsg_seq of the dump request it ends.</param>
/// <param name="Errno">0 when the dump completed; else the positive errno the kernel failed it with.</param>
internal readonly record struct DumpEnd(uint Sequence, int Errno)
{
    public bool Succeeded => Errno == 0;
}
