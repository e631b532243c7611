namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// An exclusive lock on a file, shared by every process on the machine (on Linux, FileShare.None takes an
/// advisory flock), waited for with a bound.
/// </summary>
internal static class MachineLock
{
    public static FileStream Acquire(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(500));
            }
        }
    }
}
