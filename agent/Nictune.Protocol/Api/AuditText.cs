using Grpc.Core;
using Nictune.Core.Tuning;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// How the audit log describes a mutating request and its result: short, one line, no document bodies, and a
/// client's string only as a short prefix (<see cref="SettingValueText.Truncate"/>), so that a refused caller cannot
/// fill the log.
/// </summary>
internal static class AuditText
{
    public static string Request(object? request) => request switch
    {
        PutProfileRequest put => $"push {ProfileNameOf(put.Document)} ({put.Document.Length} bytes, expected generation {put.ExpectedGeneration}{(put.Apply ? ", apply" : string.Empty)}{(put.DryRun ? ", dry run" : string.Empty)})",
        DeleteProfileRequest delete => $"unpush {(delete.Name.Length > 0 ? Quote(delete.Name) : "the pushed profile")} (expected generation {delete.ExpectedGeneration})",
        ApplyProfileRequest apply => $"apply {(apply.Name.Length > 0 ? Quote(apply.Name) : "the active profile")} (expected generation {apply.ExpectedGeneration})",
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

    /// <summary>How a call that failed ended: its status and the first line of its message.</summary>
    public static string Failure(Exception exception) => exception switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail.Split('\n', 2)[0]}",
        OperationCanceledException => "Cancelled: the caller went away",
        _ => $"failed ({exception.GetType().Name})",
    };

    private static string Quote(string name) => $"\"{SettingValueText.Truncate(name)}\"";

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
                // One character past what a quote shows is enough for Truncate to mark the cut.
                return name.Length > 0 ? Quote(name[..Math.Min(name.Length, SettingValueText.QuoteLength + 1)].ToString()) : "a profile";
            }
        }

        return "a profile";
    }
}
