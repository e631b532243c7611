using Nictune.Linux.IO;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// A sysfs directory together with its listing, read once: a name absent from the listing is a file absent from the
/// directory, so reading, resolving or checking it costs no system call. With no listing (the directory could not be
/// listed) every name may be there, and each is asked for as usual. Answers are those of <see cref="SystemRoot"/>.
/// With the directory's descriptor (live root only, owned by the caller) attributes are read relative to it
/// (<see cref="SystemRoot.ReadTrimmedAt"/>).
/// </summary>
internal readonly struct ListedDirectory(SystemRoot root, string directory, IReadOnlyList<string>? entries, SafeFileDescriptor? descriptor = null)
{
    public bool MayHave(string name) => entries is null || Contains(entries, name);

    public string? ReadTrimmed(string name) => MayHave(name) ? root.ReadTrimmedAt(descriptor, directory, name) : null;

    public int? ReadInt32(string name) => SystemRoot.ParseInt32(ReadTrimmed(name));

    public long? ReadInt64(string name) => SystemRoot.ParseInt64(ReadTrimmed(name));

    public string? ResolvePath(string name) => MayHave(name) ? root.ResolvePath(SysfsPaths.Join(directory, name)) : null;

    public bool Exists(string name) => MayHave(name) && root.Exists(SysfsPaths.Join(directory, name));

    public bool DirectoryExists(string name) => MayHave(name) && root.DirectoryExists(SysfsPaths.Join(directory, name));

    /// <summary>Binary search: <see cref="SystemRoot.TryList"/> sorts ordinally.</summary>
    private static bool Contains(IReadOnlyList<string> sorted, string name)
    {
        var (low, high) = (0, sorted.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(sorted[middle], name);
            if (order == 0)
            {
                return true;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return false;
    }
}
