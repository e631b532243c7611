using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.IO;

/// <summary>
/// Opens paths below a fixture root as if that root were <c>/</c>: a link inside the tree, absolute or climbing with
/// <c>..</c>, never leads out of it (issue 9 §6). The kernel does the walk: openat2(2) with <c>RESOLVE_IN_ROOT</c>
/// (Linux 5.6+) from a descriptor of the root held for the jail's lifetime, so a path costs one system call however
/// many components and links it has; the kernel reads each link once, as it walks. <c>RESOLVE_NO_MAGICLINKS</c>
/// refuses <c>/proc/self/fd/N</c>-style links, whose targets are not paths at all. Before 5.6 (ENOSYS) every
/// component is resolved here, one readlink each (<see cref="LinkWalk"/>), and the last one opened with
/// <c>O_NOFOLLOW</c>.
/// </summary>
/// <remarks>
/// The root's descriptor lives as long as the jail, which lives as long as its <see cref="SystemRoot"/> (one per
/// process or per test tree, never disposed): the SafeHandle's finalizer closes it when the root is collected.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "Lives as long as its SystemRoot, which is never disposed; the SafeHandle's finalizer closes the descriptor.")]
internal sealed class RootJail
{
    private readonly SystemRoot _root;
    private readonly Lock _gate = new();
    private SafeFileDescriptor? _directory;
    private string? _realRoot;
    private volatile bool _noOpenat2;

    public RootJail(SystemRoot root) => _root = root;

    /// <summary>
    /// Opens <paramref name="systemPath"/> inside the root with <paramref name="flags"/> (never O_CREAT). Returns the
    /// descriptor, which the caller closes, or -1 with <paramref name="errno"/> set.
    /// </summary>
    public unsafe int Open(string systemPath, int flags, out int errno)
    {
        if (!_noOpenat2)
        {
            if (Directory() is not { } directory)
            {
                errno = ENOENT;
                return -1;
            }

            var relative = BoundedFile.NulTerminated(systemPath.TrimStart('/') is { Length: > 0 } r ? r : ".");
            var how = new open_how
            {
                flags = (ulong)(flags | O_CLOEXEC),
                resolve = (ulong)(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS),
            };
            using var lease = directory.Lease();
            while (true)
            {
                int fd;
                fixed (byte* p = relative)
                {
                    fd = openat2(lease.Fd, p, &how, (size_t)sizeof(open_how));
                }

                if (fd >= 0)
                {
                    errno = 0;
                    return fd;
                }

                errno = Tmds.Linux.LibC.errno;

                // EAGAIN: a rename raced the in-root walk, and the kernel asks for a retry.
                if (errno == EINTR || errno == EAGAIN)
                {
                    continue;
                }

                if (errno != ENOSYS)
                {
                    return -1;
                }

                _noOpenat2 = true;
                break;
            }
        }

        if (LinkWalk.RealPath(_root, systemPath) is not { } resolved)
        {
            errno = ENOENT;
            return -1;
        }

        return OpenResolved(_root.Map(resolved), flags | O_NOFOLLOW, out errno);
    }

    /// <summary>
    /// The path the kernel reached for <paramref name="systemPath"/>, every link followed inside the root, in system
    /// form; null when it does not exist. One open (O_PATH), one readlink of its <c>/proc/self/fd</c> entry, one close.
    /// </summary>
    public string? Resolve(string systemPath)
    {
        if (_noOpenat2)
        {
            return LinkWalk.Resolve(_root, systemPath);
        }

        var fd = Open(systemPath, O_PATH, out _);
        if (fd < 0)
        {
            return _noOpenat2 ? LinkWalk.Resolve(_root, systemPath) : null;
        }

        try
        {
            if (KernelPath.OfDescriptor(fd) is not { } host || RealRoot() is not { } realRoot)
            {
                return null;
            }

            if (host == realRoot)
            {
                return "/";
            }

            // RESOLVE_IN_ROOT kept the walk inside; a path outside can only mean the tree was moved meanwhile.
            return host.StartsWith(realRoot, StringComparison.Ordinal) && host.Length > realRoot.Length && host[realRoot.Length] == '/'
                ? host[realRoot.Length..]
                : null;
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static unsafe int OpenResolved(string hostPath, int flags, out int errno)
    {
        var bytes = BoundedFile.NulTerminated(hostPath);
        while (true)
        {
            int fd;
            fixed (byte* p = bytes)
            {
                fd = open(p, flags | O_CLOEXEC, 0);
            }

            errno = fd >= 0 ? 0 : Tmds.Linux.LibC.errno;
            if (errno != EINTR)
            {
                return fd;
            }
        }
    }

    /// <summary>The root's descriptor, opened at first use and kept; null while the root does not exist.</summary>
    private SafeFileDescriptor? Directory()
    {
        if (Volatile.Read(ref _directory) is { } open)
        {
            return open;
        }

        lock (_gate)
        {
            if (_directory is null && OpenResolved(_root.Root, O_PATH | O_DIRECTORY, out _) is >= 0 and var fd)
            {
                _directory = new SafeFileDescriptor(fd);
            }

            return _directory;
        }
    }

    /// <summary>Where the kernel says the root is (its own path may go through links, such as /tmp on some systems).</summary>
    private string? RealRoot()
    {
        if (Volatile.Read(ref _realRoot) is { } known)
        {
            return known;
        }

        if (Directory() is not { } directory)
        {
            return null;
        }

        using var lease = directory.Lease();
        var real = KernelPath.OfDescriptor(lease.Fd);
        if (real is not null)
        {
            Volatile.Write(ref _realRoot, real == "/" ? string.Empty : real);
        }

        return _realRoot;
    }
}
