namespace Nictune.Host.Daemon;

/// <summary>The exit code the daemon ends with; the host itself has no notion of a failed run.</summary>
public sealed class AgentExit
{
    private int _code = ExitCodes.Success;

    public int Code => Volatile.Read(ref _code);

    /// <summary>Records a failure; the most serious code wins (3 over 2 over 1), so a later lesser failure cannot hide it.</summary>
    public void Fail(int code)
    {
        int current;
        do
        {
            current = Volatile.Read(ref _code);
            if (current >= code)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _code, code, current) != current);
    }
}
