using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nictune.Core.Transactions;
using Nictune.Linux.IO;

namespace Nictune.Linux.State;

/// <summary>
/// nictune's durable state as JSON files in one directory (<see cref="DefaultDirectory"/>): <c>journal.json</c>,
/// <c>baseline.json</c> and <c>history.json</c>. Every write is atomic and durable: a temporary file in the same
/// directory is written and fsynced, renamed over the document, and the directory is fsynced. A crash therefore
/// leaves the old or the new document plus at most a stray temporary file, which readers never look at.
/// </summary>
public sealed class FileStateStore : IStateStore
{
    public const string DefaultDirectory = "/var/lib/nictune";
    public const string JournalFile = "journal.json";
    public const string BaselineFile = "baseline.json";
    public const string HistoryFile = "history.json";

    /// <summary>Temporary files are <c>.&lt;document&gt;.tmp-&lt;random&gt;</c>: hidden, and never a document name.</summary>
    private const string TempInfix = ".tmp-";

    public FileStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public Journal? ReadJournal() => Read(JournalFile, StateJsonContext.Default.Journal);

    public void WriteJournal(Journal journal) => Write(JournalFile, journal, StateJsonContext.Default.Journal);

    public void ClearJournal()
    {
        var path = PathOf(JournalFile);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            File.Delete(path);
            DirectorySync.Sync(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot remove the state file: {e.Message}", e);
        }
    }

    public Baseline ReadBaseline() => Read(BaselineFile, StateJsonContext.Default.Baseline) ?? Baseline.Empty;

    public void WriteBaseline(Baseline baseline) => Write(BaselineFile, baseline, StateJsonContext.Default.Baseline);

    public TransactionHistory ReadHistory() => Read(HistoryFile, StateJsonContext.Default.TransactionHistory) ?? TransactionHistory.Empty;

    public void WriteHistory(TransactionHistory history) => Write(HistoryFile, history, StateJsonContext.Default.TransactionHistory);

    private string PathOf(string name) => Path.Join(Directory, name);

    private T? Read<T>(string name, JsonTypeInfo<T> type)
        where T : class
    {
        var path = PathOf(name);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot read the state file: {e.Message}", e);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type)
                ?? throw new StateStoreException(path, "the state file is corrupt: it holds null instead of a document; move it aside to continue");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : string.Empty;
            throw new StateStoreException(path, $"the state file is corrupt{where}: {e.Message} Move it aside to continue.", e);
        }
    }

    private void Write<T>(string name, T document, JsonTypeInfo<T> type)
    {
        var path = PathOf(name);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temp = PathOf($".{name}{TempInfix}{Guid.NewGuid():N}");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(stream, document, type);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            DirectorySync.Sync(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException(path, $"cannot write the state file: {e.Message}", e);
        }
    }
}
