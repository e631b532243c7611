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
/// component is resolved by <see cref="LinkWalk"/> and the last one opened with <c>O_NOFOLLOW</c> (see
/// <see cref="RootJail"/>). Every read is bounded and refuses anything but a regular file (see <see cref="BoundedFile"/>),
/// so a FIFO or a device node in a tree cannot hang or exhaust the process.
/// </para>
/// <para>
/// The live root <c>/</c> is the fast path (docs/architecture.md, "The fast path"): there is no jail to keep, since
/// <c>/</c> is the real root and the kernel's own walk is the resolution wanted, so paths go to the kernel as they are:
/// one open, one read into a reused buffer and one close per attribute (<see cref="KernelFile"/>), a listing with no
/// stat per entry, and a link resolved by one open and the kernel's own record of where it ended.
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

    private const string SysPrefix = "/sys/";

    private readonly RootJail? _jail;

    public SystemRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _jail = IsLive ? null : new RootJail(this);
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

    /// <summary>Whether the path names anything, links followed (inside the root).</summary>
    public unsafe bool Exists(string systemPath)
    {
        var path = Map(systemPath);
        if (_jail is null)
        {
            var bytes = BoundedFile.NulTerminated(path);
            fixed (byte* p = bytes)
            {
                return faccessat(AT_FDCWD, p, F_OK, 0) == 0;
            }
        }

        return CloseIfOpened(_jail.Open(systemPath, O_PATH, out _));
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

    /// <summary>Whether the path is a directory, links followed (inside the root).</summary>
    public bool DirectoryExists(string systemPath) =>
        _jail is null ? Directory.Exists(Map(systemPath)) : CloseIfOpened(_jail.Open(systemPath, O_PATH | O_DIRECTORY, out _));

    private static bool CloseIfOpened(int fd)
    {
        if (fd < 0)
        {
            return false;
        }

        _ = close(fd);
        return true;
    }

    /// <summary>
    /// The attribute's text with surrounding whitespace trimmed, or null when it is missing, unreadable, not a
    /// regular file, or larger than <see cref="AttributeLimit"/>. An attribute is one record, shown whole by one read
    /// (a sysfs attribute, a /proc/sys value, a /proc/irq file): on the live root one open, one read, one close.
    /// </summary>
    public string? ReadTrimmed(string systemPath) => Read(systemPath, AttributeLimit, singleRecord: true)?.Trim();

    /// <summary>The file's text, or null when it is missing, unreadable, not a regular file, or larger than <paramref name="maxBytes"/>.</summary>
    public string? ReadText(string systemPath, int maxBytes) => Read(systemPath, maxBytes, singleRecord: false);

    private string? Read(string systemPath, int maxBytes, bool singleRecord)
    {
        // A path whose own ".." leaves a fixture root is a bug in the caller, not a missing file.
        var path = Map(systemPath);
        if (_jail is null)
        {
            return KernelFile.TryReadText(path, maxBytes, singleRecord);
        }

        try
        {
            var fd = _jail.Open(systemPath, O_RDONLY | O_NONBLOCK, out _);
            if (fd < 0)
            {
                return null;
            }

            using var file = new SafeFileDescriptor(fd);
            return System.Text.Encoding.UTF8.GetString(BoundedFile.ReadAll(file, systemPath, maxBytes, out _));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The host path of <paramref name="systemPath"/> with every link in it resolved inside the root; null when it
    /// does not resolve. On a live system the path itself.
    /// </summary>
    private string? MapInRoot(string systemPath)
    {
        var path = Map(systemPath);
        return _jail is null ? path : _jail.Resolve(systemPath) is { } resolved ? Map(resolved) : null;
    }

    public int? ReadInt32(string systemPath) => ParseInt32(ReadTrimmed(systemPath));

    public long? ReadInt64(string systemPath) => ParseInt64(ReadTrimmed(systemPath));

    internal static int? ParseInt32(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    internal static long? ParseInt64(string? text) =>
        long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

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
        var path = Map(systemPath);
        while (true)
        {
            int fd;
            int errno;
            if (_jail is null)
            {
                fd = Interop.File.Open(path, LibC.O_WRONLY | LibC.O_TRUNC | LibC.O_CLOEXEC);
                errno = fd < 0 ? Interop.Errors.LastErrno() : 0;
            }
            else
            {
                fd = _jail.Open(systemPath, LibC.O_WRONLY | LibC.O_TRUNC, out errno);
            }

            if (fd >= 0)
            {
                return new SafeFileDescriptor(fd);
            }

            if (errno != Errnos.EINTR)
            {
                throw new SystemWriteException(systemPath, errno);
            }
        }
    }

    /// <summary>The names of the entries of a directory, sorted ordinally; empty when it is missing.</summary>
    public IReadOnlyList<string> List(string systemPath) => TryList(systemPath) ?? [];

    /// <summary>
    /// The names of the entries of a directory, sorted ordinally; null when it is missing, not a directory or cannot be
    /// listed, so that a caller may take a name's absence from the list as the file's absence. One open and the
    /// getdents64 calls the directory needs: no stat per entry, which only the names are wanted for.
    /// </summary>
    public IReadOnlyList<string>? TryList(string systemPath) => TryList(systemPath, keepOpen: false, out _);

    /// <summary>
    /// As <see cref="TryList(string)"/>; on the live root the directory's descriptor is also handed out in
    /// <paramref name="directory"/> (the caller disposes it) for reads relative to it with <see cref="ReadTrimmedAt"/>.
    /// Null under a fixture root, whose reads stay in the jail, and when the directory could not be listed.
    /// </summary>
    internal IReadOnlyList<string>? TryList(string systemPath, out SafeFileDescriptor? directory)
    {
        var entries = TryList(systemPath, keepOpen: _jail is null, out var fd);
        directory = fd >= 0 ? new SafeFileDescriptor(fd) : null;
        return entries;
    }

    private unsafe List<string>? TryList(string systemPath, bool keepOpen, out int kept)
    {
        var path = Map(systemPath);
        int fd;
        if (_jail is null)
        {
            var bytes = BoundedFile.NulTerminated(path);
            do
            {
                fixed (byte* p = bytes)
                {
                    fd = openat(AT_FDCWD, p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
                }
            }
            while (fd < 0 && errno == EINTR);
        }
        else
        {
            fd = _jail.Open(systemPath, O_RDONLY | O_DIRECTORY, out _);
        }

        // Only the live sysfs is known to fill every getdents64 buffer (see DirectoryNames); a tree may be on anything.
        return ReadNames(fd, fillsBuffer: _jail is null && path.StartsWith(SysPrefix, StringComparison.Ordinal), keepOpen, out kept);
    }

    /// <summary>
    /// <see cref="TryList(string)"/> of <paramref name="name"/> in <paramref name="directorySystemPath"/>, opened relative
    /// to the directory's descriptor on the live root as <see cref="ReadTrimmedAt"/> opens attributes (for a netdev's
    /// <c>queues</c>: no second walk through its /sys/class/net link).
    /// </summary>
    internal unsafe IReadOnlyList<string>? TryListAt(SafeFileDescriptor? directory, string directorySystemPath, string name)
    {
        if (_jail is not null || directory is null || !IsPlainName(name))
        {
            return TryList($"{directorySystemPath}/{name}");
        }

        using var lease = directory.Lease();
        var bytes = BoundedFile.NulTerminated(name);
        int fd;
        do
        {
            fixed (byte* p = bytes)
            {
                fd = openat(lease.Fd, p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            }
        }
        while (fd < 0 && errno == EINTR);

        return ReadNames(fd, fillsBuffer: directorySystemPath.StartsWith(SysPrefix, StringComparison.Ordinal), keepOpen: false, out _);
    }

    /// <summary>The names in the directory open as <paramref name="fd"/> (closed unless kept); null when it did not open.</summary>
    private static List<string>? ReadNames(int fd, bool fillsBuffer, bool keepOpen, out int kept)
    {
        kept = -1;
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var names = DirectoryNames.Read(fd, fillsBuffer);
            if (keepOpen)
            {
                (kept, fd) = (fd, -1);
            }

            return names;
        }
        finally
        {
            if (fd >= 0)
            {
                _ = close(fd);
            }
        }
    }

    /// <summary>
    /// <see cref="ReadTrimmed"/> of <paramref name="name"/> in <paramref name="directorySystemPath"/>. On the live root
    /// with the directory's descriptor at hand (<see cref="TryList(string, out SafeFileDescriptor?)"/>) a plain name is
    /// opened relative to it: the kernel does not walk the directory's path (for /sys/class/net/&lt;if&gt;, a link into
    /// /sys/devices) again for every attribute. Any other name, or a fixture root, goes by the full path as before.
    /// </summary>
    internal string? ReadTrimmedAt(SafeFileDescriptor? directory, string directorySystemPath, string name)
    {
        if (_jail is not null || directory is null || !IsPlainName(name))
        {
            return ReadTrimmed($"{directorySystemPath}/{name}");
        }

        using var lease = directory.Lease();
        return KernelFile.TryReadTextAt(lease.Fd, name, AttributeLimit, singleRecord: true)?.Trim();
    }

    /// <summary>One component that names an entry of the directory itself: no '/', not "." or "..", no NUL.</summary>
    private static bool IsPlainName(string name) =>
        name.Length > 0 && name is not "." and not ".." && name.AsSpan().IndexOfAny('/', '\0') < 0;

    /// <summary>The raw target of a symbolic link, or null when the path is not a link.</summary>
    public string? ReadLink(string systemPath)
    {
        var path = Map(systemPath);
        if (_jail is null)
        {
            return KernelPath.ReadLink(AT_FDCWD, path);
        }

        // The link itself is read, not followed; the directories leading to it are resolved inside the root.
        var parent = Path.GetDirectoryName(systemPath.TrimEnd('/'));
        var name = Path.GetFileName(systemPath.TrimEnd('/'));
        if (parent is null || name.Length == 0)
        {
            return null;
        }

        var fd = _jail.Open(parent, O_PATH | O_DIRECTORY, out _);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            return KernelPath.ReadLink(fd, name);
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>
    /// Resolves every link in the path, like realpath(3), and returns the result in system form, or null when it
    /// does not exist. Resolution happens inside the root, as if the root were <c>/</c>: an absolute link target
    /// starts at the root, and <c>..</c> never climbs above it, so a fixture's links cannot reach the host. The kernel
    /// walks the path: one open (O_PATH) and one readlink of its <c>/proc/self/fd</c> entry, however many links.
    /// </summary>
    public string? ResolvePath(string systemPath)
    {
        // Refuses a path whose own ".." leaves a fixture root, as every other method does.
        var path = Map(systemPath);
        if (_jail is not null)
        {
            return _jail.Resolve(systemPath);
        }

        var fd = Interop.File.Open(path, O_PATH | O_CLOEXEC);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            // Without /proc there is no kernel record to read: fall back to the runtime's own walk.
            return KernelPath.OfDescriptor(fd) ?? LinkWalk.Resolve(this, path);
        }
        finally
        {
            _ = close(fd);
        }
    }
}
