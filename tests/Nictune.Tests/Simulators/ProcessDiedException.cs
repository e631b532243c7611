namespace Nictune.Tests.Simulators;

/// <summary>Stands for the process being killed mid-transaction: not a kernel refusal, so the engine must not handle it.</summary>
internal sealed class ProcessDiedException : Exception
{
    public ProcessDiedException()
        : base("process died")
    {
    }

    public ProcessDiedException(string message)
        : base(message)
    {
    }

    public ProcessDiedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
