namespace Nictune.Host.Daemon;

/// <summary>The exit code the daemon ends with; the host itself has no notion of a failed run.</summary>
public sealed class AgentExit
{
    private int _code = ExitCodes.Success;

    public int Code => Volatile.Read(ref _code);

    public void Fail(int code) => Volatile.Write(ref _code, code);
}
