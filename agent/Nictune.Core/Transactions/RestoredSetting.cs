namespace Nictune.Core.Transactions;

/// <summary>How restoring one setting ended.</summary>
/// <param name="Restored">The setting holds its original (or, having had none, no longer exists).</param>
/// <param name="Written">A restore write was issued (false when it already held the original).</param>
/// <param name="Actual">The value read at the end.</param>
/// <param name="Errno">The errno of the last failed restore write.</param>
/// <param name="Error">The message of the last failed restore write.</param>
/// <param name="Gone">The setting's interface no longer exists: there is nothing left to restore.</param>
internal sealed record RestoredSetting(bool Restored, bool Written, string? Actual, int? Errno, string? Error, bool Gone = false);
