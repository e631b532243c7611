namespace Nictune.Linux.IO;

/// <summary>
/// A file that <see cref="BoundedFile"/> refused or could not read. An <see cref="IOException"/>, so callers that
/// already turn I/O failures into their own errors keep doing so; the message starts with the path.
/// </summary>
public sealed class BoundedFileException : IOException
{
    public BoundedFileException(string path, string reason)
        : base($"{path}: {reason}")
    {
        FilePath = path;
        Reason = reason;
    }

    public BoundedFileException()
    {
        FilePath = string.Empty;
        Reason = string.Empty;
    }

    public BoundedFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public BoundedFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public string FilePath { get; }

    /// <summary>What was wrong, without the path ("is a FIFO, not a regular file").</summary>
    public string Reason { get; }
}
