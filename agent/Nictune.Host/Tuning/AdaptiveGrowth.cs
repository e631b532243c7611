using Microsoft.Extensions.Logging;
using Nictune.Core.Adaptive;
using Nictune.Core.Guard;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;

namespace Nictune.Host.Tuning;

/// <summary>
/// An adaptive rings Apply verdict made a change (docs/adaptive.md): one device's rows, planned with the grown value,
/// run as a reconcile transaction under the health guard like every other change (docs/guard.md). The overlay is
/// written only once the transaction succeeded and the guard found the link healthy: a crash in between loses the
/// growth, never makes one nobody decided, and a growth the guard reverted is never planned again from the overlay.
/// </summary>
internal static class AdaptiveGrowth
{
    public static TransactionResult Apply(HealthGuard guard, TransactionEngine engine, TuningPlan device, SystemInventory inventory, string description, AdaptiveOverlay grown, ILogger logger)
    {
        var result = GuardedTransaction.Run(guard, engine, device, inventory, () => engine.Reconcile(device, description), logger);
        if (result.Outcome == TransactionOutcome.Succeeded)
        {
            engine.WriteOverlay(grown);
        }

        return result;
    }
}
