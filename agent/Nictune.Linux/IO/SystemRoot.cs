using Nictune.Core.Tuning;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.IO;

/// <summary>
/// Every read and write of sysfs and procfs goes through here, under a root directory: <c>/</c> on a live
/// system, a fixture tree in tests. Paths are given absolute (<c>/sys/class/net</c>) and re-rooted.
/// Reads degrade: a missing or unreadable file yields null, never an exception. Writes are the opposite: they
/// report the kernel's errno through <see cref="SystemWriteException"/>.
/// <para>
/// A fixture root is a jail for reads as well as writes: a symbolic link inside the tree (absolute, or climbing with
/// <c>..</c>) is resolved as if the root were <c>/</c>, so <c>operstate -&gt; /etc/shadow</c> or
/// <c>sys/class/net/x -&gt; /sys/class/net/eth0</c> name files inside the tree, never the host's. Files are opened
/// with openat2(2) and <c>RESOLVE_IN_ROOT</c>, where the kernel does exactly that (Linux 5.6+); before 5.6 every
/// component is resolved by <see cref="ResolvePath"/> and the last one opened with <c>O_NOFOLLOW</c>. Every read is
/// bounded and refuses anything but a regular file (see <see cref="BoundedFile"/>), so a FIFO or a device node in a
/// tree cannot hang or exhaust the process.
/// </para>
/// </summary>
public sealed class SystemRoot
{
    public static readonly SystemRoot Live = new("/");

    /// <summary>
    /// Largest attribute <see cref="ReadTrimmed"/> reads. A sysfs attribute's show() fills at most one page; 64 KiB
    /// covers kernels with 64 KiB pages. Anything larger in a tree is not an attribute and reads as missing.
    /// </summary>
    public const int AttributeLimit = 64 * 1024;

    /// <summary>Largest procfs text file read whole (<c>/proc/cpuinfo</c> is about 1.5 KiB per CPU).</summary>
    public const int ProcTextLimit = 4 * 1024 * 1024;

    public SystemRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The root directory, absolute.</summary>
    public string Root { get; }

    /// <summary>True when this is the running system rather than a fixture tree.</summary>
    public bool IsLive => Root == "/";

    /// <summary>
    /// Maps an absolute system path (<c>/sys/…</c>) to the path under this root. Under a fixture root the result is
    /// normalised, and a path whose <c>..</c> would leave the root throws <see cref="ArgumentException"/>: a fixture
    /// must never read or write the host.
    /// </summary>
    public string Map(string systemPath)
    {
        ArgumentNullException.ThrowIfNull(systemPath);
        if (IsLive)
        {
            return systemPath;
        }

        var full = Path.GetFullPath(Path.Join(Root, systemPath.TrimStart('/')));
        return IsUnderRoot(full)
            ? full
            : throw new ArgumentException($"'{systemPath}' leaves the root {Root}", nameof(systemPath));
    }

    /// <summary>
    /// Maps a path under this root back to its system form, for messages and for parsing device paths; a path
    /// outside the root throws <see cref="ArgumentException"/> rather than passing a host path off as a system one.
    /// </summary>
    public string Unmap(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        if (IsLive)
        {
            return fullPath;
        }

        var full = Path.GetFullPath(fullPath);
        if (!IsUnderRoot(full))
        {
            throw new ArgumentException($"'{fullPath}' is not under the root {Root}", nameof(fullPath));
        }

        return full.Length == Root.Length ? "/" : full[Root.Length..];
    }

    private bool IsUnderRoot(string fullPath) =>
        fullPath == Root || (fullPath.StartsWith(Root, StringComparison.Ordinal) && fullPath[Root.Length] == '/');

    public bool Exists(string systemPath)
    {
        var path = MapInRoot(systemPath);
        return path is not null && (File.Exists(path) || Directory.Exists(path));
    }

    /// <summary>
    /// True when the file is on a read-only mount (statvfs(3) reports ST_RDONLY): a write there can only fail with
    /// EROFS, so planning reports the setting instead of trying it. A container's read-only /sys, a unit's
    /// ProtectKernelTunables= or ReadOnlyPaths= look like this. False when the file cannot be examined.
    /// </summary>
    public unsafe bool IsOnReadOnlyMount(string systemPath)
    {
        if (MapInRoot(systemPath) is not { } path)
        {
            return false;
        }

        var bytes = BoundedFile.NulTerminated(path);
        statvfs info;
        fixed (byte* p = bytes)
        {
            if (LibC.statvfs(p, &info) != 0)
            {
                return false;
            }
        }

        return ((ulong)info.f_flag & (ulong)LibC.ST_RDONLY) != 0;
    }

    public bool DirectoryExists(string systemPath) => MapInRoot(systemPath) is { } path && Directory.Exists(path);

    /// <summary>
    /// The attribute's text with surrounding whitespace trimmed, or null when it is missing, unreadable, not a
    /// regular file, or larger than <see cref="AttributeLimit"/>.
    /// </summary>
    public string? ReadTrimmed(string systemPath) => ReadText(systemPath, AttributeLimit)?.Trim();

    /// <summary>The file's text, or null when it is missing, unreadable, not a regular file, or larger than <paramref name="maxBytes"/>.</summary>
    public string? ReadText(string systemPath, int maxBytes)
    {
        // A path whose own ".." leaves a fixture root is a bug in the caller, not a missing file.
        _ = Map(systemPath);
        try
        {
            using var fd = OpenForRead(systemPath);
            return fd is null ? null : System.Text.Encoding.UTF8.GetString(BoundedFile.ReadAll(fd, systemPath, maxBytes, out _));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Opens a file for reading without blocking, resolved inside the root; null when it does not exist.</summary>
    private unsafe SafeFileDescriptor? OpenForRead(string systemPath)
    {
        if (IsLive)
        {
            return BoundedFile.TryOpen(AT_FDCWD, systemPath, followLinks: true, systemPath);
        }

        _ = Map(systemPath);
        using var root = BoundedFile.TryOpenDirectory(Root) ?? throw new IOException($"{Root}: the root is gone");
        var relative = BoundedFile.NulTerminated(systemPath.TrimStart('/') is { Length: > 0 } r ? r : ".");
        var how = new open_how
        {
            flags = (ulong)(O_RDONLY | O_NONBLOCK | O_CLOEXEC),
            resolve = (ulong)(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS),
        };
        while (true)
        {
            int fd;
            fixed (byte* p = relative)
            {
                fd = openat2(BoundedFile.Fd(root), p, &how, (size_t)sizeof(open_how));
            }

            if (fd >= 0)
            {
                return new SafeFileDescriptor(fd);
            }

            var errno = Tmds.Linux.LibC.errno;
            if (errno == EINTR || errno == EAGAIN)
            {
                // EAGAIN: a rename raced the in-root walk; the kernel asks for a retry.
                continue;
            }

            if (errno == ENOSYS)
            {
                // Before Linux 5.6: resolve every component inside the root ourselves, and refuse a link at the end.
                return RealPath(systemPath) is { } resolved
                    ? BoundedFile.TryOpen(AT_FDCWD, Map(resolved), followLinks: false, systemPath)
                    : null;
            }

            return errno == ENOENT || errno == ENOTDIR ? null : throw new IOException($"{systemPath}: {Interop.Errors.Describe(errno)}");
        }
    }

    /// <summary>
    /// The host path of <paramref name="systemPath"/> with every link in it resolved inside the root; null when a
    /// link cannot be read. On a live system the path itself.
    /// </summary>
    private string? MapInRoot(string systemPath)
    {
        if (IsLive)
        {
            return systemPath;
        }

        _ = Map(systemPath);
        return RealPath(systemPath) is { } resolved ? Map(resolved) : null;
    }

    public int? ReadInt32(string systemPath) =>
        int.TryParse(ReadTrimmed(systemPath), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    public long? ReadInt64(string systemPath) =>
        long.TryParse(ReadTrimmed(systemPath), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>
    /// Writes <paramref name="text"/> and a newline to an existing attribute file in a single write(2), as
    /// <c>echo text &gt; file</c> does. Attributes parse the buffer of one write, and the kernel's verdict arrives
    /// as that write's errno (EINVAL for a bad mask, EIO for a managed IRQ), so this goes through libc rather than
    /// FileStream, which would turn errnos into assorted exception types. Never creates a file: a missing attribute
    /// is ENOENT, as on the live system. Throws <see cref="SystemWriteException"/>.
    /// </summary>
    public unsafe void WriteText(string systemPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\n");
        using var file = OpenForWrite(systemPath);
        using var lease = file.Lease();
        var fd = lease.Fd;
        fixed (byte* buffer = bytes)
        {
            // A lambda may not capture a fixed local; the array stays pinned until the block ends.
            var address = (nint)buffer;
            WriteOnce(systemPath, bytes.Length, () => (nint)(long)LibC.write(fd, (void*)address, bytes.Length));
        }
    }

    /// <summary>
    /// One write(2), retried only when a signal interrupted it before anything was written. An attribute's store()
    /// parses the buffer of a single write, so a short write cannot be completed by sending the rest: that would
    /// be a second, different value. A short write (or a write of nothing, which would otherwise spin) is EIO.
    /// </summary>
    internal static void WriteOnce(string systemPath, int length, Func<nint> write)
    {
        while (true)
        {
            var n = write();
            if (n < 0)
            {
                var errno = Interop.Errors.LastErrno();
                if (errno == Errnos.EINTR)
                {
                    continue;
                }

                throw new SystemWriteException(systemPath, errno);
            }

            if (n != length)
            {
                throw new SystemWriteException(systemPath, Errnos.EIO);
            }

            return;
        }
    }

    private SafeFileDescriptor OpenForWrite(string systemPath)
    {
        while (true)
        {
            var fd = Interop.File.Open(MapInRoot(systemPath) ?? Map(systemPath), LibC.O_WRONLY | LibC.O_TRUNC | LibC.O_CLOEXEC);
            if (fd >= 0)
            {
                return new SafeFileDescriptor(fd);
            }

            var errno = Interop.Errors.LastErrno();
            if (errno != Errnos.EINTR)
            {
                throw new SystemWriteException(systemPath, errno);
            }
        }
    }

    /// <summary>The names of the entries of a directory, sorted ordinally; empty when it is missing.</summary>
    public IReadOnlyList<string> List(string systemPath)
    {
        try
        {
            if (MapInRoot(systemPath) is not { } path)
            {
                return [];
            }

            var names = new DirectoryInfo(path).EnumerateFileSystemInfos().Select(i => i.Name).ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The raw target of a symbolic link, or null when the path is not a link.</summary>
    public string? ReadLink(string systemPath)
    {
        try
        {
            // The link itself is read, not followed; the directories leading to it are resolved inside the root.
            var parent = Path.GetDirectoryName(systemPath.TrimEnd('/'));
            var name = Path.GetFileName(systemPath.TrimEnd('/'));
            if (IsLive || parent is null || name.Length == 0)
            {
                return new FileInfo(Map(systemPath)).LinkTarget;
            }

            return MapInRoot(parent) is { } directory ? new FileInfo(Path.Join(directory, name)).LinkTarget : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Resolves every link in the path, like realpath(3), and returns the result in system form, or null when it
    /// does not exist. Resolution happens inside the root, as if the root were <c>/</c>: an absolute link target
    /// starts at the root, and <c>..</c> never climbs above it, so a fixture's links cannot reach the host.
    /// </summary>
    public string? ResolvePath(string systemPath)
    {
        // Refuses a path whose own ".." leaves a fixture root, as every other method does.
        _ = Map(systemPath);
        var resolved = RealPath(systemPath);
        if (resolved is null)
        {
            return null;
        }

        var mapped = Map(resolved);
        return File.Exists(mapped) || Directory.Exists(mapped) ? resolved : null;
    }

    /// <summary>Works in system form; only the link reads go through <see cref="Map"/>.</summary>
    private string? RealPath(string systemPath)
    {
        // Walk component by component so that links in the middle of the path are followed too.
        var current = "/";
        var hops = 0;
        var queue = new Queue<string>(systemPath.Split('/', StringSplitOptions.RemoveEmptyEntries));
        while (queue.Count > 0)
        {
            var part = queue.Dequeue();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // The parent of / is / itself, as for the kernel's own path walk.
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, part);
            string? target;
            try
            {
                target = new FileInfo(Map(next)).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > 40)
            {
                return null;
            }

            var rest = queue.ToArray();
            queue.Clear();
            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest))
            {
                queue.Enqueue(p);
            }
        }

        return current;
    }
}
