namespace Nictune.Core.Transactions;

/// <summary>A state document that cannot be read or written; <see cref="FilePath"/> names it.</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException(string filePath, string message, Exception? innerException = null)
        : base($"{filePath}: {message}", innerException)
    {
        FilePath = filePath;
    }

    public StateStoreException()
    {
        FilePath = string.Empty;
    }

    public StateStoreException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    public string FilePath { get; }

    /// <summary>The write failed because the file system is full (ENOSPC, EDQUOT); nothing was changed.</summary>
    public bool NoSpace { get; init; }
}
