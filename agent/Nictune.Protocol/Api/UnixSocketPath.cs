using System.Net.Sockets;

namespace Nictune.Protocol.Api;

/// <summary>
/// Makes a socket path ready to bind. A socket file left by an agent that died is removed; a path that is anything
/// else (a regular file, a directory, a symlink, which could point somewhere we must not delete) is refused, and
/// so is a socket another process still answers on.
/// </summary>
public static class UnixSocketPath
{
    /// <summary>World-connectable: read-only calls are open to every local user; mutations are checked per call.</summary>
    public const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <exception cref="IOException">The path cannot be used; the message says why.</exception>
    public static void Prepare(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the API socket needs Linux");
        }

        if (directory is { Length: > 0 } && !Directory.Exists(directory))
        {
            // Under systemd RuntimeDirectory=nictune creates it; run by hand, we do (0755: the socket itself is 0666).
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new IOException($"{path}: is a symbolic link; refusing to replace it with the API socket");
        }

        if (!info.Exists && !Directory.Exists(path))
        {
            return;
        }

        if (!IsSocket(path))
        {
            throw new IOException($"{path}: exists and is not a socket; refusing to replace it with the API socket");
        }

        if (Answers(path))
        {
            throw new IOException($"{path}: another process answers on this socket (is an agent already running?)");
        }

        File.Delete(path);
    }

    /// <summary>Sets the socket's mode once Kestrel has bound it.</summary>
    public static void Publish(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, SocketMode);
        }
    }

    /// <summary>lstat's file type (statx with AT_SYMLINK_NOFOLLOW): .NET's file APIs cannot tell a socket from a file.</summary>
    private static unsafe bool IsSocket(string path)
    {
        Tmds.Linux.statx buffer;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            if (Tmds.Linux.LibC.statx(Tmds.Linux.LibC.AT_FDCWD, name, Tmds.Linux.LibC.AT_SYMLINK_NOFOLLOW, Tmds.Linux.LibC.STATX_TYPE, &buffer) != 0)
            {
                return false;
            }
        }

        return (buffer.stx_mode & Tmds.Linux.LibC.S_IFMT) == Tmds.Linux.LibC.S_IFSOCK;
    }

    private static bool Answers(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
