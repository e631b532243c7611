namespace Nictune.Linux.IO;

/// <summary>A sysfs or procfs write the kernel refused, with the positive errno it gave.</summary>
public sealed class SystemWriteException : IOException
{
    public SystemWriteException(string systemPath, int errno)
        : base($"writing {systemPath}: {Interop.Errors.Describe(errno)}")
    {
        SystemPath = systemPath;
        Errno = errno;
    }

    public SystemWriteException()
    {
        SystemPath = string.Empty;
    }

    public SystemWriteException(string message)
        : base(message)
    {
        SystemPath = string.Empty;
    }

    public SystemWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
        SystemPath = string.Empty;
    }

    /// <summary>The path in system form (<c>/proc/sys/…</c>), whatever the root.</summary>
    public string SystemPath { get; }

    public int Errno { get; }

    /// <summary>The symbolic errno name, e.g. <c>EINVAL</c>.</summary>
    public string ErrnoName => Interop.Errors.Name(Errno);
}
