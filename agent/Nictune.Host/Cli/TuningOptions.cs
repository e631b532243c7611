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

    /// <summary>An empty value is a usage error (exit 2), not a path that fails deep inside the state store.</summary>
    public static Option<string> StateDir()
    {
        var option = new Option<string>("--state-dir")
        {
            Description = "Where the journal, the baseline and the history live",
            HelpName = "DIR",
            DefaultValueFactory = _ => FileStateStore.DefaultDirectory,
        };
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--state-dir: the directory name is empty; give a directory, or leave the option out for " + FileStateStore.DefaultDirectory);
            }
        });
        return option;
    }
}
