namespace Nictune.Host.Daemon;

internal enum AgentWorkKind
{
    Reload,
    Request,
    Reconcile,
}
