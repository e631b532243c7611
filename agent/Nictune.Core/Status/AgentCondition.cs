namespace Nictune.Core.Status;

/// <summary>
/// One condition of the agent, in the manner of the OpenShift Node Tuning Operator's (and Kubernetes') conditions:
/// a fixed <see cref="Type"/>, true or false, a one-word <see cref="Reason"/> and a sentence for people.
/// docs/fleet.md defines each type.
/// </summary>
/// <param name="Type"><c>Applied</c>, <c>Degraded</c> or <c>Drifted</c> (the host's <c>AgentConditions</c> evaluates them).</param>
/// <param name="Status">Whether the condition holds.</param>
/// <param name="Reason">Why, as one CamelCase word a program can match on (<c>TransactionFailed</c>).</param>
/// <param name="Message">Why, for people.</param>
public sealed record AgentCondition(string Type, bool Status, string Reason, string Message);
