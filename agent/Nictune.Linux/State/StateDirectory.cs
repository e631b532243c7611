using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.IO;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Nictune.Linux.State;

/// <summary>
/// The state directory as something nictune can trust. What the journal, baseline and history say is written to the
/// kernel as root, so the directory and every file read from it must be owned by root (or by the user running
/// nictune, who could write the kernel settings anyway) and must not be writable by group or others; a file planted
/// by another user is refused, with what is wrong and the commands that fix it. The checks are made with fstat(2) on
/// the descriptors that are then read, not on paths, so a file swapped in between cannot pass them. Files are opened
/// with <c>O_NOFOLLOW</c> (a state file is never a link) and read with a byte limit. A subdirectory (the pushed
/// profiles' <c>pushed/</c>) gets the same rules, and is opened under its trusted parent without following a link.
/// </summary>
internal sealed class StateDirectory
{
    /// <summary>The mode new state directories get: rwxr-xr-x.</summary>
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>The mode new state files get: rw-r--r--.</summary>
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly StateDirectory? _parent;

    public StateDirectory(string path)
    {
        Path = path;
    }

    private StateDirectory(StateDirectory parent, string name)
    {
        _parent = parent;
        Path = System.IO.Path.Join(parent.Path, name);
    }

    public string Path { get; }

    /// <summary>The subdirectory <paramref name="name"/>, trusted only when this directory is too.</summary>
    public StateDirectory Child(string name) => new(this, name);

    /// <summary>The file's bytes, or null when it (or the directory) does not exist. Throws <see cref="StateStoreException"/>.</summary>
    public byte[]? Read(string name, int maxBytes)
    {
        var path = PathOf(name);
        try
        {
            using var directory = OpenTrusted();
            if (directory is null)
            {
                return null;
            }

            using var fd = BoundedFile.TryOpen(BoundedFile.Fd(directory), name, followLinks: false, path);
            if (fd is null)
            {
                return null;
            }

            var facts = BoundedFile.Stat(fd, path);
            if (facts.IsRegular)
            {
                RequireTrusted(path, facts, "chmod 0644");
            }

            return BoundedFile.ReadAll(fd, path, maxBytes, out _);
        }
        catch (BoundedFileException e)
        {
            throw new StateStoreException(path, $"{e.Reason}; move it aside (nictune state check --move-aside) to continue", e);
        }
    }

    /// <summary>
    /// Replaces the file atomically and durably (<see cref="AtomicFile"/>): a crash leaves the old or the new document,
    /// plus at most a hidden <c>.NAME.tmp-…</c> file that readers never look at. With <paramref name="syncDirectory"/>
    /// false the rename is not fsynced: a power loss may leave the old document (or none), never a torn one.
    /// </summary>
    public void WriteAtomic(string name, ReadOnlySpan<byte> content, bool syncDirectory = true)
    {
        var path = PathOf(name);
        try
        {
            EnsureExists();
            AtomicFile.Write(path, content, syncDirectory);
        }
        catch (IOException e) when (e.HResult is Errnos.ENOSPC or Errnos.EDQUOT)
        {
            throw new StateStoreException(path, $"cannot write the state file: the file system of {Path} is full; nothing was changed. Free some space and try again", e) { NoSpace = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot write the state file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Appends one record and fsyncs it. When the file would grow past <paramref name="rotateAt"/> it is first renamed
    /// to <paramref name="rotatedName"/> (replacing the older generation), so the two files together stay bounded.
    /// A torn last record left by a crash mid-append is cut off first, so it never sits between two whole ones.
    /// With <paramref name="syncDirectory"/> false a newly created file's name is not fsynced (its record is): the
    /// caller syncs the directory later.
    /// </summary>
    public void Append(string name, ReadOnlySpan<byte> record, long rotateAt, string rotatedName, bool syncDirectory = true)
    {
        var path = PathOf(name);
        try
        {
            EnsureExists();
            if (File.Exists(path) && new FileInfo(path).Length + record.Length > rotateAt)
            {
                File.Move(path, PathOf(rotatedName), overwrite: true);
                DirectorySync.Sync(Path);
            }

            var created = !File.Exists(path);
            using (var stream = new FileStream(path, Options(System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite)))
            {
                TrimTornTail(stream);
                stream.Seek(0, SeekOrigin.End);
                stream.Write(record);
                stream.Flush(flushToDisk: true);
            }

            if (created && syncDirectory)
            {
                DirectorySync.Sync(Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot append to the state file: {e.Message}", e);
        }
    }

    /// <summary>Whether the file is there (a name, whatever it is; nothing is read or trusted).</summary>
    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>Removes the file; nothing when it does not exist.</summary>
    public void Delete(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            File.Delete(path);
            DirectorySync.Sync(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot remove the state file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Renames a file inside the directory (moving a bad file aside, or putting a file in its place with
    /// <paramref name="overwrite"/>); false when it does not exist.
    /// </summary>
    public bool Rename(string name, string newName, bool overwrite = false)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            File.Move(path, PathOf(newName), overwrite);
            DirectorySync.Sync(Path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot rename the state file: {e.Message}", e);
        }
    }

    /// <summary>Renames the whole directory to <see cref="AsideName"/>, kept for inspection; the new path, or null when it does not exist.</summary>
    public string? MoveAside(DateTimeOffset now)
    {
        if (!Directory.Exists(Path))
        {
            return null;
        }

        var aside = AsideName(Path, now);
        try
        {
            Directory.Move(Path, aside);
            DirectorySync.Sync(System.IO.Path.GetDirectoryName(Path)!);
            return aside;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(Path, $"cannot move the directory aside: {e.Message}", e);
        }
    }

    /// <summary>The name a bad file or directory is moved aside to: <c>NAME.corrupt-&lt;UTC time&gt;</c>.</summary>
    public static string AsideName(string name, DateTimeOffset now) => $"{name}.corrupt-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";

    /// <summary>Bytes free for an unprivileged writer on the directory's file system; null when it does not exist yet.</summary>
    public unsafe long? FreeBytes()
    {
        using var directory = OpenTrusted();
        if (directory is null)
        {
            return null;
        }

        statvfs vfs;
        if (fstatvfs(BoundedFile.Fd(directory), &vfs) != 0)
        {
            throw new StateStoreException(Path, $"statvfs failed: {Interop.Errors.Describe(Tmds.Linux.LibC.errno)}");
        }

        // Root may also use the blocks reserved for it (f_bfree), but a state write that needs them has already
        // filled the disk for everyone else: plan with f_bavail.
        return (long)(ulong)vfs.f_bavail * (long)(ulong)vfs.f_frsize;
    }

    public string PathOf(string name) => System.IO.Path.Join(Path, name);

    /// <summary>Opens and checks the directory; null when it does not exist.</summary>
    private SafeFileDescriptor? OpenTrusted()
    {
        SafeFileDescriptor? directory;
        try
        {
            directory = _parent is null ? BoundedFile.TryOpenDirectory(Path) : OpenUnderParent(_parent);
        }
        catch (BoundedFileException e)
        {
            throw new StateStoreException(Path, e.Reason, e);
        }

        if (directory is null)
        {
            return null;
        }

        try
        {
            var facts = BoundedFile.Stat(directory, Path);
            if (!facts.IsDirectory)
            {
                throw new StateStoreException(Path, $"is {facts.Describe()}, not a directory; move it aside to continue");
            }

            RequireTrusted(Path, facts, "chmod 0755");
            return directory;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Opens this directory under its trusted parent's descriptor, never through a link; null when it does not exist.</summary>
    private SafeFileDescriptor? OpenUnderParent(StateDirectory parent)
    {
        using var fd = parent.OpenTrusted();
        return fd is null ? null : BoundedFile.TryOpen(BoundedFile.Fd(fd), System.IO.Path.GetFileName(Path), followLinks: false, Path);
    }

    /// <summary>New files get <see cref="FileMode"/> whatever the umask, so nictune never refuses its own files.</summary>
    private static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        return new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, UnixCreateMode = FileMode };
    }

    private void EnsureExists()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        _parent?.EnsureExists();
        Create(Path);
        using var directory = OpenTrusted();
    }

    /// <summary>
    /// Creates <paramref name="path"/> and any missing parent as rwxr-xr-x whatever the umask (a umask of 000 would
    /// otherwise make them world-writable, and the trust checks would then refuse nictune's own directory).
    /// </summary>
    internal static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        if (System.IO.Path.GetDirectoryName(full) is { } parent)
        {
            Create(parent);
        }

        try
        {
            Directory.CreateDirectory(full, DirectoryMode);
        }
        catch (IOException) when (Directory.Exists(full))
        {
            // Created by someone else in between: the trust checks judge it.
            return;
        }

        File.SetUnixFileMode(full, DirectoryMode);
    }

    /// <summary>
    /// Removes the temporary files (<c>.NAME.tmp-…</c>) that writes killed before their rename left behind; the
    /// caller holds the state directory's lock, so no write of its own is in flight. Returns their names.
    /// </summary>
    public IReadOnlyList<string> RemoveTemporaryFiles()
    {
        using var directory = OpenTrusted();
        if (directory is null)
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path, ".*" + AtomicFile.TempInfix + "*"))
        {
            File.Delete(file);
            removed.Add(System.IO.Path.GetFileName(file));
        }

        if (removed.Count > 0)
        {
            DirectorySync.Sync(Path);
        }

        return removed;
    }

    /// <summary>The names of the files in the directory (none when it does not exist).</summary>
    public IReadOnlyList<string> Names() =>
        Directory.Exists(Path) ? [.. Directory.EnumerateFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    private static void RequireTrusted(string path, FileFacts facts, string chmod)
    {
        var euid = (uint)geteuid();
        if (facts.OwnerUid != 0 && facts.OwnerUid != euid)
        {
            throw new StateStoreException(path,
                $"is owned by uid {facts.OwnerUid}, not by root: nictune writes what the state files say to the kernel, so it trusts only state owned by root. " +
                $"If you made it, fix it with: chown root:root {path}; otherwise move it aside and find out who did");
        }

        if (facts.IsGroupOrOtherWritable)
        {
            throw new StateStoreException(path,
                $"is writable by group or others (mode {facts.Permissions}): nictune writes what the state files say to the kernel, so it trusts only state that only its owner can change. " +
                $"Fix it with: {chmod} {path}");
        }
    }

    /// <summary>Cuts a last record that has no newline: the rest of a write that a crash interrupted.</summary>
    private static void TrimTornTail(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return;
        }

        Span<byte> one = stackalloc byte[1];
        stream.Seek(-1, SeekOrigin.End);
        stream.ReadExactly(one);
        if (one[0] == (byte)'\n')
        {
            return;
        }

        var buffer = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            stream.Seek(start, SeekOrigin.Begin);
            var chunk = buffer.AsSpan(0, (int)(end - start));
            stream.ReadExactly(chunk);
            var newline = chunk.LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                stream.SetLength(start + newline + 1);
                return;
            }

            end = start;
        }

        stream.SetLength(0);
    }
}
