using System.CommandLine;

namespace Nictune.Host.Cli;

/// <summary>Builds the command tree and maps failures to the shared exit codes.</summary>
public static class NictuneCli
{
    public static RootCommand Build() =>
        new("nictune: in-guest Linux NIC tuning agent")
        {
            DetectCommand.Create(),
            PlanCommand.Create(),
            ApplyCommand.Create(),
            RollbackCommand.Create(),
            RecoverCommand.Create(),
            StateCommand.Create(),
            RunCommand.Create(),
            CheckConfigCommand.Create(),
            StatusCommand.Create(),
            PushCommand.Create(),
            UnpushCommand.Create(),
            ProfilesCommand.Create(),
            EventsCommand.Create(),
            ReloadCommand.Create(),
            ConfirmCommand.Create(),
            ManCommand.Create(),
        };

    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"nictune: {error.Message}");
            }

            Console.Error.WriteLine("Run 'nictune --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"nictune: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }
}
