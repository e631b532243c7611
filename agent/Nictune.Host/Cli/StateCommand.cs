using System.CommandLine;
using System.Text.Json;
using Nictune.Host.Output;
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
        var check = new Command("check", "Validate the state files: the journal, the baseline and the history") { stateDir, moveAside, json };
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
