using System.CommandLine;
using System.Text.Json;
using Nictune.Host.Output;
using Nictune.Core.Profiles;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune state check</c>: validates every state file the way the tuning verbs read it, and names the file and
/// the field of each problem. With <c>--move-aside</c> a bad file is renamed to <c>NAME.corrupt-&lt;time&gt;</c>, kept
/// for inspection, so the verbs work again and nothing is lost silently. The way out of a state directory that every
/// other verb refuses (docs/state.md).
/// </summary>
internal static class StateCommand
{
    public static Command Create()
    {
        var stateDir = TuningOptions.StateDir();
        var moveAside = new Option<bool>("--move-aside")
        {
            Description = "Rename every invalid state file to NAME.corrupt-<time> (kept for inspection) so the other verbs work again",
        };
        var json = CommonOptions.Json();
        var check = new Command("check", "Validate the state files: the journal, the baseline, the history and the pushed profiles") { stateDir, moveAside, json };
        check.SetAction(parse => VerbFailures.Run(() => Check(parse.GetValue(stateDir)!, parse.GetValue(moveAside), parse.GetValue(json))));
        return new Command("state", "Inspect nictune's state directory") { check };
    }

    private static int Check(string directory, bool moveAside, bool json)
    {
        using var writer = moveAside ? WriterLock.Acquire(directory, "state check --move-aside") : null;
        var store = new FileStateStore(directory);
        var now = DateTimeOffset.UtcNow;
        var files = new List<StateFileCheck>();
        var failed = false;
        foreach (var name in FileStateStore.Files)
        {
            var path = Path.Join(store.Directory, name);
            var problem = store.Check(name);
            if (problem is null)
            {
                files.Add(new StateFileCheck(path, File.Exists(path) ? "ok" : "absent", null, null));
                continue;
            }

            // A directory that is not trusted as a whole is fixed with chmod/chown, not by renaming its files.
            if (moveAside && !problem.StartsWith(store.Directory + ":", StringComparison.Ordinal) && store.MoveAside(name, now) is { } moved)
            {
                files.Add(new StateFileCheck(path, "moved-aside", problem, moved));
                continue;
            }

            failed = true;
            files.Add(new StateFileCheck(path, "invalid", problem, null));
        }

        var pushed = CheckPushed(store.Directory, moveAside, now);
        failed |= pushed.Status == "invalid";
        files.Add(pushed);

        var report = new StateCheckReport(store.Directory, files);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, NictuneJsonContext.Default.StateCheckReport));
        }
        else
        {
            Write(report);
        }

        return failed ? ExitCodes.InvalidInput : ExitCodes.Success;
    }

    /// <summary>
    /// The pushed profiles as one entry: the store consistent and trusted, and the pushed profile valid. Moved aside,
    /// the whole <c>pushed/</c> directory goes (its generation starts again from 0).
    /// </summary>
    private static StateFileCheck CheckPushed(string directory, bool moveAside, DateTimeOffset now)
    {
        var store = new PushedProfileStore(directory);
        var problem = store.Check() ?? CheckPushedProfile(store);
        if (problem is null)
        {
            return new StateFileCheck(store.Directory, Directory.Exists(store.Directory) ? "ok" : "absent", null, null);
        }

        // As for the state files, a directory that is not trusted as a whole is fixed with chmod/chown.
        var untrusted = problem.StartsWith(store.Directory + ":", StringComparison.Ordinal) || problem.StartsWith(directory + ":", StringComparison.Ordinal);
        return moveAside && !untrusted && store.MoveAside(now) is { } moved
            ? new StateFileCheck(store.Directory, "moved-aside", problem, moved)
            : new StateFileCheck(store.Directory, "invalid", problem, null);
    }

    /// <summary>The pushed profile's own problems, in full (this is root's command, not the API), or null.</summary>
    private static string? CheckPushedProfile(PushedProfileStore store)
    {
        var state = store.Read();
        if (state.Name is not { } name)
        {
            return null;
        }

        try
        {
            _ = ProfileSelection.Parse(state.Text!, store.PathOf(name), ProfileCatalog.FromEnvironment());
            return null;
        }
        catch (ProfileException e)
        {
            return $"the pushed profile is invalid:\n{e.Message}";
        }
    }

    private static void Write(StateCheckReport report)
    {
        foreach (var file in report.Files)
        {
            switch (file.Status)
            {
                case "moved-aside":
                    Console.Out.WriteLine($"{file.File}: moved aside to {file.MovedTo}");
                    Console.Out.WriteLine($"  it was invalid: {file.Problem}");
                    if (Path.GetFileName(file.File) == FileStateStore.JournalFile)
                    {
                        Console.Out.WriteLine("  the journal held the originals of an interrupted transaction, which were not restored: read them in the moved file; 'nictune rollback --to baseline' restores the values before nictune's first change");
                    }

                    break;
                case "invalid":
                    Console.Error.WriteLine($"nictune: {file.Problem}");
                    break;
                default:
                    Console.Out.WriteLine($"{file.File}: {file.Status}");
                    break;
            }
        }
    }
}
