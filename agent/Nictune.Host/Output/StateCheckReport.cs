namespace Nictune.Host.Output;

/// <summary><c>nictune state check --json</c>: one entry per state file.</summary>
/// <param name="StateDirectory">The directory checked.</param>
/// <param name="Files">Every state file, in a fixed order.</param>
internal sealed record StateCheckReport(string StateDirectory, IReadOnlyList<StateFileCheck> Files);
