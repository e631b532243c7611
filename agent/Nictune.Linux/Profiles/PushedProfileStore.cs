using System.Globalization;
using System.Text;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Linux.State;

namespace Nictune.Linux.Profiles;

/// <summary>
/// The one profile pushed through the API, kept in the state directory so it survives restarts, under the state
/// files' rules (<see cref="StateDirectory"/>: owned by root, not writable by group or others, never a link, a
/// regular file, a byte limit; the directory <c>pushed/</c> too). <c>pushed/generation</c> is the record,
/// <c>GENERATION [NAME]</c>: it counts accepted pushes and unpushes and names the pushed profile,
/// <c>pushed/NAME.yaml</c>.
/// <para>
/// A push is committed by one atomic rename, that of the record. The profile is written first, whole and fsynced,
/// as <c>.NAME.yaml.pending-GENERATION</c>; then the record naming that generation; then the pending file is renamed
/// to <c>NAME.yaml</c> and any other profile removed. A reader that finds the record's pending file takes it, so a
/// crash at any step leaves the old push or the new one, never a mix; <see cref="Recover"/> (at start, and after
/// every write) completes a committed push and discards everything the record does not name. A failed write (a full
/// disk) removes what it wrote: the record, and so the store, is unchanged.
/// </para>
/// Callers serialize writes (the daemon's work loop, holding the state directory's lock); there is no locking here.
/// </summary>
public sealed class PushedProfileStore
{
    public const string DirectoryName = "pushed";
    public const string GenerationFile = "generation";

    /// <summary>Largest record read: a 20-digit generation, a space, a profile name and a newline fit with room to spare.</summary>
    public const int RecordLimit = 128;

    private const string PendingInfix = ProfileName.FileExtension + ".pending-";

    /// <summary>The steps of a write, as <c>afterStep</c> names them.</summary>
    public const string Staged = "staged";
    public const string Committed = "committed";
    public const string Tidied = "tidied";

    private readonly StateDirectory _directory;
    private readonly Action<string>? _afterStep;

    /// <param name="stateDirectory">The state directory; the store is its <c>pushed/</c>.</param>
    /// <param name="afterStep">
    /// Called after each step of a write (<see cref="Staged"/>, <see cref="Committed"/>, <see cref="Tidied"/>): the
    /// test builds' fault hook stops the process there, so that tests can kill it at every step.
    /// </param>
    public PushedProfileStore(string stateDirectory, Action<string>? afterStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        _directory = new StateDirectory(Path.GetFullPath(stateDirectory)).Child(DirectoryName);
        _afterStep = afterStep;
    }

    public string Directory => _directory.Path;

    public string RecordPath => _directory.PathOf(GenerationFile);

    public string PathOf(string name) => _directory.PathOf(name + ProfileName.FileExtension);

    /// <summary>The generation, and the pushed profile's name and text (null when none is pushed).</summary>
    /// <exception cref="StateStoreException">
    /// A file is untrusted, unreadable or corrupt, or the record names a profile that is not there; the message names
    /// the file and never quotes it.
    /// </exception>
    public PushedProfileState Read()
    {
        var (generation, name) = ReadRecord();
        return name is null
            ? new PushedProfileState(generation, null, null)
            : new PushedProfileState(generation, name, ReadProfile(generation, name));
    }

    /// <summary>
    /// True when the record read in this turn (<paramref name="generation"/>, <paramref name="pushed"/>) names
    /// <paramref name="name"/> and its file's text is exactly <paramref name="text"/>; false also when that file cannot
    /// be read. The record is not read again.
    /// </summary>
    public bool Holds(ulong generation, string? pushed, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return pushed == name && string.Equals(ReadProfile(generation, name), text, StringComparison.Ordinal);
        }
        catch (StateStoreException)
        {
            return false;
        }
    }

    /// <summary>Stores <paramref name="text"/> as the pushed profile <paramref name="name"/>, replacing any other; returns the new generation.</summary>
    /// <exception cref="StateStoreException">Nothing was changed (<see cref="StateStoreException.NoSpace"/> when the file system is full).</exception>
    public ulong Push(string name, string text) => Push(name, text, ReadRecord().Generation);

    /// <summary>
    /// <see cref="Push(string, string)"/> after <paramref name="current"/>, the generation the caller read with
    /// <see cref="ReadRecord"/> in the same turn (writes are serialized by the caller): the record is not read again.
    /// </summary>
    public ulong Push(string name, string text, ulong current)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ProfileName.IsValid(name))
        {
            throw new ArgumentException($"'{Core.Tuning.SettingValueText.Truncate(name)}' is not a profile name", nameof(name));
        }

        var next = Next(current);
        var pending = PendingOf(name, next);
        _directory.WriteAtomic(pending, Encoding.UTF8.GetBytes(text));
        _afterStep?.Invoke(Staged);
        Commit(next, name, pending);
        Tidy(next, name);
        return next;
    }

    /// <summary>
    /// Puts the profile back that the store held before a push that was reverted (<paramref name="before"/>: its
    /// profile or none), committed by the record's rename as a push is, at the next generation: the record is the
    /// generation's high-water mark, so a generation is never given out twice, not even across a revert and a restart.
    /// When the record names that profile already (a repeat after a crash, or a push that stored nothing), only the
    /// tidying that a crash may have cut short is done. Returns the generation in force.
    /// </summary>
    /// <exception cref="StateStoreException">Nothing was changed.</exception>
    public ulong Restore(PushedBefore before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var (generation, name) = ReadRecord();
        if (name == before.Name && (name is null || Holds(generation, name, name, before.Document!)))
        {
            Recover(generation, name);
            return generation;
        }

        var next = Next(generation);
        string? pending = null;
        if (before.Name is not null)
        {
            pending = PendingOf(before.Name, next);
            _directory.WriteAtomic(pending, Encoding.UTF8.GetBytes(before.Document!));
            _afterStep?.Invoke(Staged);
        }

        Commit(next, before.Name, pending);
        Tidy(next, before.Name);
        return next;
    }

    /// <summary>Removes the pushed profile (if any); returns the new generation.</summary>
    /// <exception cref="StateStoreException">Nothing was changed.</exception>
    public ulong Remove() => Remove(ReadRecord().Generation);

    /// <summary><see cref="Remove()"/> after <paramref name="current"/>, read with <see cref="ReadRecord"/> in the same turn.</summary>
    public ulong Remove(ulong current)
    {
        var next = Next(current);
        Commit(next, null, pending: null);
        Tidy(next, null);
        return next;
    }

    /// <summary>
    /// Puts the files in the state the record says: a committed push's pending file becomes <c>NAME.yaml</c>; every
    /// other profile, pending file and temporary file goes. Returns what was done, one line a file (for the log).
    /// Nothing is done while the record itself cannot be read: a file that might be the only copy is never removed.
    /// </summary>
    public IReadOnlyList<string> Recover()
    {
        var (generation, name) = ReadRecord();
        return Recover(generation, name);
    }

    private List<string> Recover(ulong generation, string? name)
    {
        var done = new List<string>();
        foreach (var file in _directory.Names())
        {
            if (file == GenerationFile || (name is not null && file == name + ProfileName.FileExtension))
            {
                continue;
            }

            if (name is not null && file == PendingOf(name, generation))
            {
                _directory.Rename(file, name + ProfileName.FileExtension, overwrite: true);
                done.Add($"{_directory.PathOf(file)}: completed the push of generation {generation}");
                continue;
            }

            if (file.EndsWith(ProfileName.FileExtension, StringComparison.Ordinal) || file.Contains(PendingInfix, StringComparison.Ordinal) || file.Contains(IO.AtomicFile.TempInfix, StringComparison.Ordinal))
            {
                _directory.Delete(file);
                done.Add($"{_directory.PathOf(file)}: removed (not part of generation {generation})");
            }
        }

        return done;
    }

    /// <summary>What <c>nictune state check</c> says of the pushed profiles: null when they are consistent and trusted, else the problem.</summary>
    public string? Check()
    {
        try
        {
            _ = Read();
            return null;
        }
        catch (StateStoreException e)
        {
            return e.Message;
        }
    }

    /// <summary>Renames the whole <c>pushed/</c> directory to <c>pushed.corrupt-&lt;time&gt;</c>, kept for inspection; the new path, or null when absent.</summary>
    public string? MoveAside(DateTimeOffset now) => _directory.MoveAside(now);

    /// <summary>
    /// After a commit: the push is in force whatever happens here (a reader takes the pending file), so a failure to
    /// tidy is left for the recovery at the next start rather than reported as a failed push.
    /// </summary>
    private void Tidy(ulong generation, string? name)
    {
        _afterStep?.Invoke(Committed);
        try
        {
            Recover(generation, name);
        }
        catch (StateStoreException)
        {
            // Consistent as it stands; see above.
        }

        _afterStep?.Invoke(Tidied);
    }

    private ulong Next(ulong generation) =>
        generation == ulong.MaxValue
            ? throw new StateStoreException(RecordPath, "the generation cannot be raised any further; unpush and move the pushed directory aside to start again")
            : generation + 1;

    /// <summary>The commit: the record is replaced in one rename. When that fails, the pending file goes too.</summary>
    private void Commit(ulong generation, string? name, string? pending)
    {
        try
        {
            _directory.WriteAtomic(GenerationFile, Encoding.ASCII.GetBytes(name is null ? $"{generation}\n" : $"{generation} {name}\n"));
        }
        catch
        {
            if (pending is not null)
            {
                _directory.Delete(pending);
            }

            throw;
        }
    }

    /// <summary>
    /// The record alone, the generation and the pushed profile's name: all a write needs, so that a push or an unpush
    /// can replace a pushed profile that is broken.
    /// </summary>
    /// <exception cref="StateStoreException">The record is untrusted, unreadable or corrupt.</exception>
    public (ulong Generation, string? Name) ReadRecord()
    {
        var bytes = _directory.Read(GenerationFile, RecordLimit);
        if (bytes is null)
        {
            return (0, null);
        }

        // The content is never quoted: the file could be a hard link to anything root can read.
        var text = Encoding.ASCII.GetString(bytes);
        var parts = text.EndsWith('\n') ? text[..^1].Split(' ') : [];
        if (parts.Length is 1 or 2
            && parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit)
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && (parts.Length == 1 || ProfileName.IsValid(parts[1])))
        {
            return (generation, parts.Length == 2 ? parts[1] : null);
        }

        throw new StateStoreException(RecordPath,
            $"the state file is corrupt: expected one line \"GENERATION [NAME]\" (a number, then a profile name), which it is not ({bytes.Length} bytes; not shown). " +
            "Nothing was changed; move the pushed profiles aside with 'nictune state check --move-aside' and push again");
    }

    /// <summary>The text of the profile the record (<paramref name="generation"/>, <paramref name="name"/>) names: its pending file, else <c>NAME.yaml</c>.</summary>
    private string ReadProfile(ulong generation, string name)
    {
        var bytes = _directory.Read(PendingOf(name, generation), ProfileParser.MaxTextLength)
            ?? _directory.Read(name + ProfileName.FileExtension, ProfileParser.MaxTextLength)
            ?? throw new StateStoreException(RecordPath,
                $"the pushed profiles are inconsistent: generation {generation} names \"{name}\", but {PathOf(name)} does not exist. " +
                "Push the profile again, or unpush it, to continue");
        return Encoding.UTF8.GetString(bytes);
    }

    private static string PendingOf(string name, ulong generation) =>
        "." + name + PendingInfix + generation.ToString(CultureInfo.InvariantCulture);
}
