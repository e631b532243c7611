namespace Nictune.Host.Daemon;

/// <summary>The next thing the loop does: a reload, a request from outside, or one reconcile pass for every trigger pending.</summary>
internal sealed record AgentWork(AgentWorkKind Kind, AgentRequest? Request = null, ReconcileReason? Reason = null);
