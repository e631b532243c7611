using System.CommandLine;
using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>Options of the verbs that tune, spelled and described once.</summary>
internal static class TuningOptions
{
    public static Option<string> Profile() => new("--profile")
    {
        Description = "A profile name (searched in /etc/nictune/profiles, /usr/lib/nictune/profiles, then profiles/ next to the binary, or $NICTUNE_PROFILE_PATH) or a YAML file",
        HelpName = "NAME|FILE",
        Required = true,
    };

    public static Option<string> StateDir() => new("--state-dir")
    {
        Description = "Where the journal, the baseline and the history live",
        HelpName = "DIR",
        DefaultValueFactory = _ => FileStateStore.DefaultDirectory,
    };
}
