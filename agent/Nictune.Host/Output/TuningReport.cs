using Nictune.Core.Planning;
using Nictune.Core.Transactions;

namespace Nictune.Host.Output;

/// <summary>What a tuning verb prints: a recovery that ran first (if any), the plan, and the transaction's result.</summary>
internal sealed record TuningReport(TransactionResult? Recovery, TuningPlan? Plan, TransactionResult? Result);
