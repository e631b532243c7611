using System.CommandLine;

namespace Nictune.Host.Cli;

/// <summary>Options that several verbs share, so they are spelled and described the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Root() => new("--root")
    {
        Description = "Read sysfs and procfs under DIR instead of / (a fixture tree, or a chroot)",
        HelpName = "DIR",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON to standard output",
    };
}
