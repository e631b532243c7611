using System.CommandLine;
using Nictune.Host.Output;
using Nictune.Host.Tuning;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune recover</c>: restore the originals of an interrupted transaction, and nothing else. The other tuning
/// verbs recover first too; this is the way to do only that (the verbs that only read report a journal, never recover it).
/// </summary>
internal static class RecoverCommand
{
    public static Command Create()
    {
        var stateDir = TuningOptions.StateDir();
        var json = CommonOptions.Json();
        var command = new Command("recover", "Restore the originals of an interrupted transaction, if there is one") { stateDir, json };
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            TuningPrivileges.Require("recover");
            var directory = parse.GetValue(stateDir)!;
            using var writer = WriterLock.Acquire(directory, "recover");
            using var runtime = TuningRuntime.Open(Linux.IO.SystemRoot.Live, directory);
            var asJson = parse.GetValue(json);
            var recovery = RecoveryStep.Run(runtime.Engine, asJson);
            if (recovery is null && !asJson)
            {
                Console.Out.WriteLine("nothing to recover: no interrupted transaction");
            }

            return Reports.Finish(new(recovery, null, null), asJson);
        }));
        return command;
    }
}
