using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nictune.Core.Adaptive;
using Nictune.Core.Transactions;

namespace Nictune.Linux.State;

/// <summary>
/// nictune's durable state in one directory (<see cref="DefaultDirectory"/>): <c>journal.json</c>,
/// <c>baseline.json</c>, and the history as <c>history.jsonl</c> (one record a line, rotated to
/// <c>history.1.jsonl</c>), and the driver adjustments the history leaves in force as <c>adjusted.json</c>, so that
/// planning never reads the history (docs/state.md). Documents are replaced atomically and durably (temporary file, fsync, rename, fsync of
/// the directory); history records are appended and fsynced. Every read is bounded, refuses files that are not
/// regular, not owned by root or writable by others (<see cref="StateDirectory"/>), and validates the document in
/// full (<see cref="StateDocumentValidator"/>): a bad file is a <see cref="StateStoreException"/> naming the file
/// and the field, never a crash. The bounds are documented in docs/state.md.
/// </summary>
public sealed class FileStateStore : IStateStore
{
    public const string DefaultDirectory = "/var/lib/nictune";
    public const string JournalFile = "journal.json";
    public const string BaselineFile = "baseline.json";
    public const string HistoryFile = "history.jsonl";
    public const string RotatedHistoryFile = "history.1.jsonl";
    public const string OverlayFile = "adaptive.json";
    public const string AdjustedFile = "adjusted.json";
    public const string PendingFile = "pending.json";

    /// <summary>
    /// Largest pending-confirmation record read: an id, a verb, a time and, for a push, the profile pushed before, whose
    /// <see cref="Core.Profiles.ProfileParser.MaxTextLength"/> characters JSON may escape to six bytes each.
    /// </summary>
    public const int PendingLimit = (6 * Core.Profiles.ProfileParser.MaxTextLength) + (4 * 1024);

    /// <summary>Largest overlay read: <see cref="AdaptiveOverlay.MaxEntries"/> entries fit well within it.</summary>
    public const int OverlayLimit = 256 * 1024;

    /// <summary>
    /// Largest adjustments file read. An adjusted value is a number (a driver rounds numbers), so an entry takes about
    /// 200 bytes and <see cref="AdjustedSettings.MaxEntries"/> of them under 256 KiB.
    /// </summary>
    public const int AdjustedLimit = 512 * 1024;

    /// <summary>Largest journal or baseline read. One setting takes about 150 bytes; a host has a few thousand at most.</summary>
    public const int DocumentLimit = 4 * 1024 * 1024;

    /// <summary>The history file is rotated before it grows past this.</summary>
    public const int HistoryRotateBytes = 1024 * 1024;

    /// <summary>Largest history record; a larger one is kept without its per-setting rows.</summary>
    public const int HistoryRecordLimit = 256 * 1024;

    /// <summary>Largest history file read: a full file plus the record that triggered no rotation.</summary>
    public const int HistoryFileLimit = HistoryRotateBytes + HistoryRecordLimit;

    /// <summary>Free space kept in hand beyond what a transaction's own records need.</summary>
    public const long FreeSpaceMargin = 64 * 1024;

    private readonly StateDirectory _directory;

    public FileStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _directory = new StateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Every state file the store reads, in the order <c>nictune state check</c> reports them.</summary>
    public static IReadOnlyList<string> Files { get; } = [JournalFile, BaselineFile, HistoryFile, RotatedHistoryFile, AdjustedFile, OverlayFile, PendingFile];

    public Journal? ReadJournal() =>
        ReadDocument(JournalFile, static () => StateJsonContext.Default.Journal, StateDocumentValidator.Check);

    /// <summary>
    /// Checks before writing that the file system has room for the journal, the history record and the baseline
    /// that follow it (about four times the journal, plus <see cref="FreeSpaceMargin"/>), so that a full disk stops
    /// a transaction before its first change instead of after its last.
    /// </summary>
    public void WriteJournal(Journal journal)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(journal, StateJsonContext.Default.Journal);
        var needed = (4L * bytes.Length) + FreeSpaceMargin;
        if (_directory.FreeBytes() is { } free && free < needed)
        {
            throw new StateStoreException(_directory.PathOf(JournalFile),
                $"not enough free space in {Directory}: {free} bytes free, and recording this transaction needs about {needed}; nothing was changed. Free some space and try again");
        }

        // The rename is not fsynced (docs/state.md, "fsyncs"): what the journal protects are kernel settings, and a
        // power loss resets every one of them, so a journal lost with one has nothing left to undo. Its content is
        // fsynced before the rename, so it is never torn; and the stored adjustments' own directory fsync, before the
        // record that could put them ahead of the history, makes the journal's entry durable first.
        _directory.WriteAtomic(JournalFile, bytes, syncDirectory: false);
    }

    public void ClearJournal() => _directory.Delete(JournalFile);

    public Baseline ReadBaseline() =>
        ReadDocument(BaselineFile, static () => StateJsonContext.Default.Baseline, StateDocumentValidator.Check) ?? Baseline.Empty;

    public void WriteBaseline(Baseline baseline, bool durableWithJournalRemoval = false) =>
        _directory.WriteAtomic(BaselineFile, JsonSerializer.SerializeToUtf8Bytes(baseline, StateJsonContext.Default.Baseline), syncDirectory: !durableWithJournalRemoval);

    public AdjustedSettings? ReadAdjusted()
    {
        var bytes = _directory.Read(AdjustedFile, AdjustedLimit);
        if (bytes is null)
        {
            return null;
        }

        // Almost always the document says "none": recognising it spares a plan the serializer's set-up for the type
        // (bench/README.md has what it cost), which nothing else in such an apply needs.
        if (IsEmptyAdjusted(bytes))
        {
            return AdjustedSettings.Empty;
        }

        var path = _directory.PathOf(AdjustedFile);
        return Validated(Parse(bytes, StateJsonContext.Default.AdjustedSettings, path, line: null), StateDocumentValidator.Check, path);
    }

    /// <summary>Whether the bytes are <c>{"settings":[]}</c>, give or take JSON whitespace: exactly what the serializer reads as no entries.</summary>
    private static bool IsEmptyAdjusted(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> empty = "{\"settings\":[]}"u8;
        const int nameStart = 2;
        const int nameEnd = 10;
        var matched = 0;
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                // Between tokens only: a blank inside "settings" would be another name.
                if (matched is >= nameStart and <= nameEnd)
                {
                    return false;
                }

                continue;
            }

            if (matched == empty.Length || b != empty[matched])
            {
                return false;
            }

            matched++;
        }

        return matched == empty.Length;
    }

    public void WriteAdjusted(AdjustedSettings? adjusted, bool durableWithJournalRemoval = false)
    {
        if (adjusted is null)
        {
            _directory.Delete(AdjustedFile);
            return;
        }

        _directory.WriteAtomic(AdjustedFile, JsonSerializer.SerializeToUtf8Bytes(adjusted, StateJsonContext.Default.AdjustedSettings), syncDirectory: !durableWithJournalRemoval);
    }

    public AdaptiveOverlay ReadOverlay()
    {
        var bytes = _directory.Read(OverlayFile, OverlayLimit);
        if (bytes is null)
        {
            return AdaptiveOverlay.Empty;
        }

        var path = _directory.PathOf(OverlayFile);
        return Validated(Parse(bytes, StateJsonContext.Default.AdaptiveOverlay, path, line: null), AdaptiveOverlayValidator.Check, path);
    }

    /// <summary>Replaces the overlay atomically; an empty overlay removes the file.</summary>
    public void WriteOverlay(AdaptiveOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        if (overlay.Entries.Count == 0)
        {
            _directory.Delete(OverlayFile);
            return;
        }

        _directory.WriteAtomic(OverlayFile, JsonSerializer.SerializeToUtf8Bytes(overlay, StateJsonContext.Default.AdaptiveOverlay));
    }

    /// <summary>The change waiting for a confirmation, or null (docs/state.md, "pending.json").</summary>
    public PendingConfirmation? ReadPending()
    {
        var bytes = _directory.Read(PendingFile, PendingLimit);
        if (bytes is null)
        {
            return null;
        }

        var path = _directory.PathOf(PendingFile);
        return Validated(Parse(bytes, StateJsonContext.Default.PendingConfirmation, path, line: null), StateDocumentValidator.Check, path);
    }

    /// <summary>
    /// Records the pending change atomically and durably (fsync of the file, rename, fsync of the directory): once this
    /// returns, a crash or a kill still ends in a confirmation or a revert.
    /// </summary>
    public void WritePending(PendingConfirmation pending) =>
        _directory.WriteAtomic(PendingFile, JsonSerializer.SerializeToUtf8Bytes(pending, StateJsonContext.Default.PendingConfirmation));

    /// <summary>The change is final (confirmed or reverted): the record goes, and the directory is fsynced.</summary>
    public void ClearPending() => _directory.Delete(PendingFile);

    /// <summary>The newest <see cref="TransactionEngine.HistoryLimit"/> records of both history files, oldest first.</summary>
    public TransactionHistory ReadHistory()
    {
        var records = new List<TransactionResult>();
        records.AddRange(ReadRecords(RotatedHistoryFile));
        records.AddRange(ReadRecords(HistoryFile));
        return records.Count == 0
            ? TransactionHistory.Empty
            : new TransactionHistory(records.Skip(Math.Max(0, records.Count - TransactionEngine.HistoryLimit)).ToList());
    }

    public void AppendHistory(TransactionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = JsonSerializer.SerializeToUtf8Bytes(result, HistoryJsonContext.Default.TransactionResult);
        if (line.Length + 1 > HistoryRecordLimit)
        {
            var summary = result with { Settings = [], Message = $"{result.Message} ({result.Settings.Count} setting rows not kept: the record exceeded {HistoryRecordLimit} bytes)" };
            line = JsonSerializer.SerializeToUtf8Bytes(summary, HistoryJsonContext.Default.TransactionResult);
        }

        var record = new byte[line.Length + 1];
        line.CopyTo(record, 0);
        record[^1] = (byte)'\n';
        // The record is fsynced. A new file's name is too, unless a journal is there: its removal, which follows the
        // record, syncs the directory (docs/state.md, "fsyncs").
        _directory.Append(HistoryFile, record, HistoryRotateBytes, RotatedHistoryFile, syncDirectory: !_directory.Exists(JournalFile));
    }

    /// <summary>
    /// Reads and validates one state file; null when it is valid or absent, else the problem (naming the file and
    /// the field). For <c>nictune state check</c>.
    /// </summary>
    public string? Check(string file)
    {
        try
        {
            switch (file)
            {
                case JournalFile:
                    _ = ReadJournal();
                    break;
                case BaselineFile:
                    _ = ReadBaseline();
                    break;
                case HistoryFile or RotatedHistoryFile:
                    _ = ReadRecords(file);
                    break;
                case AdjustedFile:
                    _ = ReadAdjusted();
                    break;
                case OverlayFile:
                    _ = ReadOverlay();
                    break;
                case PendingFile:
                    _ = ReadPending();
                    break;
                default:
                    throw new ArgumentException($"{file} is not a state file", nameof(file));
            }

            return null;
        }
        catch (StateStoreException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Removes the temporary files writes killed before their rename left (<c>.journal.json.tmp-…</c>); the caller
    /// holds the state directory's lock. Returns their names.
    /// </summary>
    public IReadOnlyList<string> RemoveTemporaryFiles() => _directory.RemoveTemporaryFiles();

    /// <summary>Renames a state file to <c>NAME.corrupt-&lt;time&gt;</c>, keeping it for inspection; the new name, or null when absent.</summary>
    public string? MoveAside(string file, DateTimeOffset now)
    {
        var aside = StateDirectory.AsideName(file, now);
        return _directory.Rename(file, aside) ? _directory.PathOf(aside) : null;
    }

    /// <remarks>
    /// The type's metadata is asked for only when the file exists: building it costs about half a millisecond in the
    /// NativeAOT binary, and every verb reads the journal, which is almost never there.
    /// </remarks>
    private T? ReadDocument<T>(string name, Func<JsonTypeInfo<T>> type, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        var bytes = _directory.Read(name, DocumentLimit);
        if (bytes is null)
        {
            return null;
        }

        var path = _directory.PathOf(name);
        var document = Parse(bytes, type(), path, line: null);
        return Validated(document, validate(document), path);
    }

    private List<TransactionResult> ReadRecords(string name)
    {
        var bytes = _directory.Read(name, HistoryFileLimit);
        if (bytes is null)
        {
            return [];
        }

        var path = _directory.PathOf(name);
        var records = new List<TransactionResult>();
        var rest = bytes.AsSpan();
        var line = 0;
        while (rest.Length > 0)
        {
            line++;
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                // A last record without its newline is the rest of an append a crash interrupted: it never
                // reported success, and the journal it belonged to is still there for recovery.
                break;
            }

            var text = rest[..end];
            rest = rest[(end + 1)..];
            if (text.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            var record = Parse(text.ToArray(), HistoryJsonContext.Default.TransactionResult, path, line);
            records.Add(Validated(record, StateDocumentValidator.Check(record, $"line {line}: "), path));
        }

        return records;
    }

    private static T Parse<T>(byte[] bytes, JsonTypeInfo<T> type, string path, int? line)
        where T : class
    {
        var where = line is { } l ? $"line {l}: " : string.Empty;
        try
        {
            return JsonSerializer.Deserialize(bytes, type)
                ?? throw Corrupt(path, $"{where}the document is null");
        }
        catch (JsonException e)
        {
            // The serializer's message names the JSON path and at most one character of the input, never the file.
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the document" : e.Path.TrimStart('$', '.');
            var at = line is null && e.LineNumber is { } n ? $" (line {n + 1})" : string.Empty;
            throw Corrupt(path, $"{where}{field}{at}: {FirstSentence(e.Message)}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or DecoderFallbackException)
        {
            throw Corrupt(path, $"{where}{FirstSentence(e.Message)}", e);
        }
    }

    private static T Validated<T>(T document, Func<T, IReadOnlyList<string>> check, string path) => Validated(document, check(document), path);

    private static T Validated<T>(T document, IReadOnlyList<string> problems, string path) =>
        problems.Count == 0 ? document : throw Corrupt(path, string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $"; and {problems.Count - 5} more" : string.Empty));

    private static StateStoreException Corrupt(string path, string what, Exception? inner = null) =>
        new(path, $"the state file is corrupt: {what}. Nothing was changed; see what is wrong with 'nictune state check', and move it aside with 'nictune state check --move-aside'", inner);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut > 0 ? message[..cut] : message;
        return sentence.Length > 200 ? sentence[..200] + "…" : sentence.TrimEnd('.');
    }
}
