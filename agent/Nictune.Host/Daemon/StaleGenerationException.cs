namespace Nictune.Host.Daemon;

/// <summary>The caller's expected generation is not the pushed store's in the loop's turn: nothing was done.</summary>
public sealed class StaleGenerationException : Exception
{
    public StaleGenerationException(ulong expected, ulong actual)
        : base($"stale generation: expected {expected}, the agent is at {actual}")
    {
        Expected = expected;
        Actual = actual;
    }

    public StaleGenerationException()
    {
    }

    public StaleGenerationException(string message)
        : base(message)
    {
    }

    public StaleGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ulong Expected { get; }

    public ulong Actual { get; }

    /// <summary>True when <paramref name="expected"/> is set (not 0) and is not <paramref name="actual"/>.</summary>
    public static bool IsStale(ulong expected, ulong actual) => expected != 0 && expected != actual;

    /// <summary>Throws when <paramref name="expected"/> is set (not 0) and is not <paramref name="actual"/>.</summary>
    public static void ThrowIfStale(ulong expected, ulong actual)
    {
        if (IsStale(expected, actual))
        {
            throw new StaleGenerationException(expected, actual);
        }
    }
}
