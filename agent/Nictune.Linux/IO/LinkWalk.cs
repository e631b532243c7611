namespace Nictune.Linux.IO;

/// <summary>
/// Path resolution done by hand, one readlink per component: the fallback where the kernel cannot do it for us (no
/// openat2 before Linux 5.6; no /proc to ask where an open ended). Resolution stays inside the root, as if it were
/// <c>/</c>: an absolute target starts again at the root and <c>..</c> never climbs above it.
/// </summary>
internal static class LinkWalk
{
    private const int MaxLinkHops = 40;

    /// <summary>
    /// Resolves every link in the path component by component, like realpath(3), and returns the result in system
    /// form (it need not exist), or null when a link cannot be read.
    /// </summary>
    public static string? RealPath(SystemRoot root, string systemPath)
    {
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
                target = new FileInfo(root.Map(next)).LinkTarget;
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

            if (++hops > MaxLinkHops)
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

    /// <summary><see cref="RealPath"/>, when the result exists.</summary>
    public static string? Resolve(SystemRoot root, string systemPath)
    {
        var resolved = RealPath(root, systemPath);
        if (resolved is null)
        {
            return null;
        }

        var mapped = root.Map(resolved);
        return File.Exists(mapped) || Directory.Exists(mapped) ? resolved : null;
    }
}
