using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nictune.Core.Transactions;
using Nictune.Linux.IO;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.State;

/// <summary>
/// One writer per state directory: an exclusive open-file-description lock (<c>fcntl(F_OFD_SETLK)</c>) on
/// <c>&lt;state-dir&gt;/lock</c>. The daemon holds it for its lifetime, every tuning verb for its transaction. An OFD
/// lock belongs to the open file, not to the process, so nothing else in the process (another descriptor of the same
/// file, closed by a library) can drop it, and the kernel releases it when the holder dies, even by SIGKILL: a stale
/// lock file never blocks anyone. The holder writes its PID and what it is into the file, for the message a waiting
/// writer gives.
/// </summary>
public sealed class StateDirectoryLock : IDisposable
{
    public const string FileName = "lock";

    /// <summary>How long a second writer waits for the holder before giving up.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private int _fd;

    private StateDirectoryLock(string directory, int fd)
    {
        Directory = directory;
        _fd = fd;
    }

    /// <summary>The state directory this lock guards.</summary>
    public string Directory { get; }

    /// <summary>
    /// Takes the lock, creating the directory and the lock file when missing, waiting up to <paramref name="wait"/>
    /// for another holder to let go. <paramref name="holder"/> says who takes it (e.g. "nictune apply").
    /// </summary>
    /// <exception cref="StateDirectoryBusyException">Another process held the lock for the whole wait.</exception>
    /// <exception cref="StateStoreException">
    /// The lock file is not a regular file (a link, a FIFO), or cannot be created, locked or written (a full disk);
    /// nothing else was touched.
    /// </exception>
    public static StateDirectoryLock Acquire(string directory, string holder, TimeSpan wait)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        StateDirectory.Create(directory);
        var path = Path.Join(directory, FileName);
        var fd = Open(path, O_RDWR | O_CREAT);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!TryLock(fd, path))
            {
                if (clock.Elapsed >= wait)
                {
                    throw new StateDirectoryBusyException(directory, ReadHolder(fd), wait);
                }

                Thread.Sleep(PollInterval);
            }

            WriteHolder(fd, path, holder);
            return new StateDirectoryLock(directory, fd);
        }
        catch
        {
            _ = close(fd);
            throw;
        }
    }

    /// <summary>
    /// Who holds the lock right now, without taking it or creating anything (for the verbs that only read):
    /// null when nobody does, or the directory has no lock file.
    /// </summary>
    public static LockHolder? Probe(string directory)
    {
        var path = Path.Join(Path.GetFullPath(directory), FileName);
        int fd;
        try
        {
            fd = Open(path, O_RDONLY);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            var query = WholeFile(F_WRLCK);
            unsafe
            {
                if (fcntl(fd, F_OFD_GETLK, &query) != 0)
                {
                    throw new StateStoreException(path, $"cannot query the lock: {Interop.Errors.Describe(errno)}");
                }
            }

            return query.l_type == F_UNLCK ? null : ReadHolder(fd);
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops it). The file stays: it is the lock, not a flag.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = close(fd);
        }
    }

    private static flock WholeFile(int type) => new()
    {
        l_type = (short)type,
        l_whence = (short)SEEK_SET,
        l_start = 0,
        l_len = 0,
    };

    /// <summary>
    /// Opens the lock file as a state file is opened: never through a link (<c>O_NOFOLLOW</c>), without waiting on a
    /// FIFO (<c>O_NONBLOCK</c>), and only when the descriptor is a regular file. Throws <see cref="FileNotFoundException"/>
    /// when it does not exist (and <paramref name="flags"/> do not create it), <see cref="StateStoreException"/> otherwise.
    /// </summary>
    private static unsafe int Open(string path, int flags)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            fd = open(p, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, (ushort)0b110_000_000);
        }

        if (fd < 0)
        {
            var error = errno;
            if (error == ENOENT)
            {
                throw new FileNotFoundException($"{path}: {Interop.Errors.Describe(error)}", path);
            }

            throw error == ELOOP
                ? Refused(path, "is a symbolic link, which is not followed here")
                : new StateStoreException(path, $"cannot open the lock file: {Interop.Errors.Describe(error)}");
        }

        stat st;
        if (fstat(fd, &st) != 0)
        {
            var error = errno;
            _ = close(fd);
            throw new StateStoreException(path, $"fstat failed: {Interop.Errors.Describe(error)}");
        }

        var facts = new FileFacts((int)st.st_mode, (uint)st.st_uid, (long)st.st_size);
        if (!facts.IsRegular)
        {
            _ = close(fd);
            throw Refused(path, $"is {facts.Describe()}, not a regular file");
        }

        return fd;
    }

    /// <summary>A lock file nictune did not make: it is only a lock (no content matters), so removing it is the fix.</summary>
    private static StateStoreException Refused(string path, string what) =>
        new(path, $"{what}; nothing was changed. It is only the state directory's lock: remove it (rm {path}) and nictune makes a new one");

    private static unsafe bool TryLock(int fd, string path)
    {
        var request = WholeFile(F_WRLCK);
        if (fcntl(fd, F_OFD_SETLK, &request) == 0)
        {
            return true;
        }

        var error = errno;
        if (error == EAGAIN || error == EACCES || error == EINTR)
        {
            return false;
        }

        throw new StateStoreException(path, $"cannot lock: {Interop.Errors.Describe(error)}");
    }

    private static unsafe void WriteHolder(int fd, string path, string holder)
    {
        // "PID what": one line. Only the holder writes, and only while it holds the lock. Written over the old line and
        // then cut to its length, never truncated to 0 first: on ext4 a file truncated to 0 and written is flushed to
        // disk when it is closed (auto_da_alloc, the "replace by truncate" heuristic), an I/O at every verb's end.
        var text = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {holder}\n"));
        fixed (byte* p = text)
        {
            if (pwrite(fd, p, (size_t)text.Length, 0) != text.Length || ftruncate(fd, text.Length) != 0)
            {
                throw new StateStoreException(path, $"cannot record the lock holder: {Interop.Errors.Describe(errno)}; nothing was changed");
            }
        }
    }

    /// <summary>The PID and description the holder wrote; a file it has not written yet gives an unknown holder.</summary>
    private static unsafe LockHolder ReadHolder(int fd)
    {
        var buffer = new byte[256];
        long read;
        fixed (byte* p = buffer)
        {
            read = pread(fd, p, (size_t)buffer.Length, 0);
        }

        var text = read > 0 ? Encoding.UTF8.GetString(buffer, 0, (int)read).Trim() : string.Empty;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var pidText = space < 0 ? text : text[..space];
        int? pid = int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var what = space < 0 ? null : text[(space + 1)..].Split('\n')[0];
        return new LockHolder(pid, string.IsNullOrWhiteSpace(what) ? null : what);
    }
}
