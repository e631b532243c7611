using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>How the audit log describes a mutating request and its result: short, one line, no document bodies.</summary>
internal static class AuditText
{
    public static string Request(object? request) => request switch
    {
        PutProfileRequest put => $"push {ProfileNameOf(put.Document)} ({put.Document.Length} bytes, expected generation {put.ExpectedGeneration}{(put.Apply ? ", apply" : string.Empty)}{(put.DryRun ? ", dry run" : string.Empty)})",
        DeleteProfileRequest delete => $"unpush {(delete.Name.Length > 0 ? delete.Name : "the pushed profile")} (expected generation {delete.ExpectedGeneration})",
        ApplyProfileRequest apply => $"apply {(apply.Name.Length > 0 ? apply.Name : "the active profile")} (expected generation {apply.ExpectedGeneration})",
        RollbackRequest rollback => $"rollback to {(rollback.To == RollbackTarget.Baseline ? "baseline" : "previous")}{(rollback.DryRun ? " (dry run)" : string.Empty)}",
        ReloadRequest => "reload",
        _ => request?.GetType().Name ?? "-",
    };

    public static string Result(object? response) => response switch
    {
        PutProfileResponse put => put.Transaction is { } t ? $"generation {put.Generation}, {Describe(t)}" : $"generation {put.Generation}{(put.Stored ? ", stored" : ", not stored")}",
        DeleteProfileResponse delete => delete.Transaction is { } t ? $"generation {delete.Generation}, {Describe(t)}" : $"generation {delete.Generation}",
        Transaction transaction => Describe(transaction),
        ReloadResponse reload => reload.Status,
        _ => "OK",
    };

    private static string Describe(Transaction transaction) =>
        transaction.Plan is { } plan ? $"dry run, {plan.Rows.Count} row(s)" : $"{transaction.Outcome} (exit {transaction.ExitCode}): {transaction.Message}";

    /// <summary>The document's <c>name:</c> line, without parsing it (it may not parse).</summary>
    private static string ProfileNameOf(string document)
    {
        foreach (var line in document.AsSpan().EnumerateLines())
        {
            var trimmed = line.TrimEnd();
            if (trimmed.StartsWith("name:", StringComparison.Ordinal))
            {
                var name = trimmed[5..].Trim().Trim('"').Trim('\'');
                return name.Length is > 0 and <= 64 ? name.ToString() : "a profile";
            }
        }

        return "a profile";
    }
}
