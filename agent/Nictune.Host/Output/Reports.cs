using System.Text.Json;
using Nictune.Core.Transactions;

namespace Nictune.Host.Output;

internal static class Reports
{
    /// <summary>Prints the report and returns the verb's exit code: the worst of the recovery's and the result's.</summary>
    public static int Finish(TuningReport report, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, NictuneJsonContext.Default.TuningReport));
        }
        else
        {
            if (report.Plan is { } plan && report.Result is null)
            {
                PlanTable.Write(plan);
            }

            if (report.Result is { } result)
            {
                TransactionTable.Write(result);
            }
        }

        return Math.Max(ExitOf(report.Recovery), ExitOf(report.Result));
    }

    private static int ExitOf(TransactionResult? result) => result?.ExitCode ?? ExitCodes.Success;
}
