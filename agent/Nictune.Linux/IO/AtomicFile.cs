namespace Nictune.Linux.IO;

/// <summary>
/// Replaces a file so that a crash leaves either the old content or the new one, never a mix: write a temp file in
/// the same directory, fsync it, rename it over the target, fsync the directory (so the rename itself is durable;
/// a caller may skip that step where losing the rename at a power loss is harmless).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// The mode a new file gets, rw-r--r--, whatever the umask allows beyond it: state files and pushed profiles must
    /// not be group- or other-writable, or nictune's own trust checks would refuse them (docs/state.md).
    /// </summary>
    /// <summary>What names a temporary file, <c>.NAME.tmp-GUID</c>: a write killed before its rename leaves one.</summary>
    public const string TempInfix = ".tmp-";

    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <param name="path">The file to replace; its directory must exist.</param>
    /// <param name="content">Its new content.</param>
    /// <param name="syncDirectory">
    /// Whether to fsync the directory after the rename, so that the rename survives a power loss. Without it the file
    /// is still never torn (its content is fsynced before the rename), but after a power loss the name may hold the
    /// old content or be absent; the caller must be able to live with that (docs/state.md, "fsyncs").
    /// </param>
    public static void Write(string path, ReadOnlySpan<byte> content, bool syncDirectory = true)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Join(directory, $".{Path.GetFileName(path)}{TempInfix}{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = NewFileMode,
                   }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        if (syncDirectory)
        {
            DirectorySync.Sync(directory);
        }
    }

    /// <summary>Deletes a file and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
