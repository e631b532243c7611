using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nictune.Core.Guard;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;

namespace Nictune.Host.Tuning;

/// <summary>
/// A transaction under the health guard (docs/guard.md): the guard looks at the interfaces the plan changes, the
/// transaction runs, and when it succeeded the guard checks them again; a failed check undoes the transaction at once
/// (<see cref="TransactionEngine.Undo"/>) and the caller gets it as <see cref="TransactionOutcome.GuardReverted"/>
/// with the evidence.
/// </summary>
internal static class GuardedTransaction
{
    public static TransactionResult Run(HealthGuard guard, TransactionEngine engine, TuningPlan plan, SystemInventory? inventory, Func<TransactionResult> run, ILogger logger)
    {
        var before = guard.Before(GuardTarget.Of(plan));
        var result = run();
        if (before.Count == 0 || result.Outcome != TransactionOutcome.Succeeded)
        {
            return result;
        }

        var verdict = guard.After(before);
        if (verdict.Healthy)
        {
            GuardLog.Healthy(logger, result.Id, (long)verdict.Took.TotalMilliseconds);
            return result;
        }

        var clock = Stopwatch.StartNew();
        GuardLog.Failed(logger, result.Id, (long)verdict.Took.TotalMilliseconds, verdict.Summary);
        var reverted = GuardRevert.Compose(result, engine.Undo(result, GuardRevert.Reason, inventory), verdict);
        GuardLog.Reverted(logger, result.Id, reverted.Outcome.ToString(), (long)(verdict.Took + clock.Elapsed).TotalMilliseconds);
        return reverted;
    }
}
