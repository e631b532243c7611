namespace Nictune.Linux.IO;

/// <summary>
/// Replaces a file so that a crash leaves either the old content or the new one, never a mix: write a temp file in
/// the same directory, fsync it, rename it over the target, fsync the directory (so the rename itself is durable).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// The mode a new file gets, rw-r--r--, whatever the umask allows beyond it: state files and pushed profiles must
    /// not be group- or other-writable, or nictune's own trust checks would refuse them (docs/state.md).
    /// </summary>
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Join(directory, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");
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

        DirectorySync.Sync(directory);
    }

    /// <summary>Deletes a file and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
