namespace Nictune.Host.Daemon;

internal enum AgentWorkKind
{
    /// <summary>A pending change's confirmation deadline came (<see cref="ConfirmationWindow"/>): before anything else.</summary>
    ConfirmDeadline,

    Reload,
    Request,
    Reconcile,

    /// <summary>Adaptive rings' sample and decision (docs/adaptive.md): after everything else.</summary>
    Adapt,
}
