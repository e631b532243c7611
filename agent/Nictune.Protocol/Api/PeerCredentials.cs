using System.Net.Sockets;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Protocol.Api;

/// <summary>
/// The credentials of the process at the other end of a Unix stream socket, as the kernel recorded them at
/// connect(2): SO_PEERCRED gives pid, uid and gid; SO_PEERGROUPS (Linux 4.13) the supplementary groups.
/// Who may mutate: README.md, "The control API".
/// </summary>
public static class PeerCredentials
{
    /// <summary>Enough for any real group list (NGROUPS_MAX is 65536, but the kernel answers ERANGE with the size needed).</summary>
    private const int InitialGroups = 64;

    /// <summary>Reads the peer's credentials; null when the socket is not a connected Unix socket or the kernel refuses.</summary>
    public static unsafe CallerIdentity? Read(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            return null;
        }

        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        ucred credentials;
        socklen_t length = (uint)sizeof(ucred);
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0)
        {
            return null;
        }

        return new CallerIdentity
        {
            Transport = "unix",
            Pid = credentials.pid,
            Uid = credentials.uid,
            Gid = credentials.gid,
            Groups = ReadGroups(fd),
        };
    }

    private static unsafe uint[] ReadGroups(int fd)
    {
        var groups = new uint[InitialGroups];
        while (true)
        {
            socklen_t length = (uint)(groups.Length * sizeof(uint));
            fixed (uint* buffer = groups)
            {
                if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, buffer, &length) == 0)
                {
                    return groups[..(int)((uint)length / sizeof(uint))];
                }
            }

            // ERANGE says how much room the list needs; anything else (an old kernel: ENOPROTOOPT) means no list.
            if (errno != ERANGE || (uint)length <= (uint)(groups.Length * sizeof(uint)))
            {
                return [];
            }

            groups = new uint[(uint)length / sizeof(uint)];
        }
    }
}
