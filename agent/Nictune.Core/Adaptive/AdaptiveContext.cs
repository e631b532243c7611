namespace Nictune.Core.Adaptive;

/// <summary>What the daemon knows at a decision that the policy does not say.</summary>
/// <param name="Observe">The daemon is in observe mode: nothing is written, whatever <see cref="AdaptivePolicy.Mode"/> says.</param>
/// <param name="TransactionRunning">Another transaction is running or waiting: no change now.</param>
public readonly record struct AdaptiveContext(bool Observe, bool TransactionRunning);
