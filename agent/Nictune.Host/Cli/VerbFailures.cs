using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>
/// Turns the errors every tuning verb can meet into the shared exit codes, so each verb's action is only its own logic.
/// Anything else propagates: the process dies and the journal, if any, is recovered by the next start.
/// </summary>
internal static class VerbFailures
{
    public static int Run(Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (ProfileException e)
        {
            Console.Error.WriteLine($"nictune: invalid profile:\n{e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (StateDirectoryBusyException e)
        {
            Console.Error.WriteLine($"nictune: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (StateStoreException e)
        {
            Console.Error.WriteLine($"nictune: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"nictune: {e.Message} (tuning needs root, or CAP_NET_ADMIN)");
            return ExitCodes.InvalidInput;
        }
    }
}
