namespace Nictune.Host.Output;

/// <summary>One state file's verdict.</summary>
/// <param name="File">Its path.</param>
/// <param name="Status"><c>ok</c>, <c>absent</c>, <c>invalid</c> or <c>moved-aside</c>.</param>
/// <param name="Problem">What is wrong, naming the field; null when valid or absent.</param>
/// <param name="MovedTo">Where <c>--move-aside</c> put it; null otherwise.</param>
internal sealed record StateFileCheck(string File, string Status, string? Problem, string? MovedTo);
