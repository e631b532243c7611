using System.Runtime.InteropServices;
using Nictune.Host.Tuning;

namespace Nictune.Host.Cli;

/// <summary>
/// SIGINT (Ctrl-C), SIGTERM and SIGHUP (an ssh hangup) during a tuning verb: instead of dying half-way, the verb
/// stops its transaction at the next write, rolls back in-process and exits 1 (3 if the rollback fails).
/// </summary>
internal sealed class SignalInterrupt : IDisposable
{
    private readonly InterruptibleSettingStore _store;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    private SignalInterrupt(InterruptibleSettingStore store)
    {
        _store = store;
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, Handle))];
    }

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received => _store.Interrupted ? (PosixSignal)Volatile.Read(ref _received) : null;

    public static SignalInterrupt Listen(TuningRuntime runtime) => new(runtime.Interruptible);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        // Not the default (terminate): the transaction must end in a rollback, not half-way.
        context.Cancel = true;
        if (!_store.Interrupted)
        {
            Volatile.Write(ref _received, (int)context.Signal);
            Console.Error.WriteLine($"nictune: {Name(context.Signal)}: stopping; what was changed is rolled back");
            _store.Interrupt();
        }
    }

    private static string Name(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => "SIGINT",
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGHUP => "SIGHUP",
        _ => signal.ToString(),
    };
}
