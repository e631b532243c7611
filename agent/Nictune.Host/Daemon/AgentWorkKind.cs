namespace Nictune.Host.Daemon;

internal enum AgentWorkKind
{
    Reload,
    Request,
    Reconcile,

    /// <summary>Adaptive rings' sample and decision (docs/adaptive.md): after everything else.</summary>
    Adapt,
}
