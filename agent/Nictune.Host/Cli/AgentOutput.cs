using Google.Protobuf;
using Nictune.Host.Output;
using Nictune.Protocol.Api.Mapping;
using Nictune.Protocol.Api.V1;

namespace Nictune.Host.Cli;

/// <summary>
/// How the client verbs print the agent's answers: plans and transactions exactly as the local verbs print them
/// (the same tables, the same JSON), other answers as protobuf JSON (field names in lowerCamelCase).
/// </summary>
internal static class AgentOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Json(IMessage message) => Console.Out.WriteLine(Formatter.Format(message));

    /// <summary>A transaction (or, for a dry run, its plan) as <c>nictune apply/rollback</c> prints it; returns its exit code.</summary>
    public static int Transaction(Transaction transaction, bool json)
    {
        var recovery = transaction.Recovery is { } r ? TransactionMapping.FromWire(r) : null;
        if (transaction.Plan is { } plan)
        {
            return Reports.Finish(new(recovery, PlanMapping.FromWire(plan), null), json);
        }

        return Reports.Finish(new(recovery, null, TransactionMapping.FromWire(transaction)), json);
    }

    public static int Plan(Plan plan, bool json) => Reports.Finish(new(null, PlanMapping.FromWire(plan), null), json);
}
