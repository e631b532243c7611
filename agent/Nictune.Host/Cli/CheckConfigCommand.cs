using System.CommandLine;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Cli;

/// <summary>
/// <c>nictune check-config</c>: the checks <c>run</c> makes at start, alone, changing nothing. The unit's
/// <c>ExecReload=</c> runs it before signalling the agent, so <c>systemctl reload</c> fails, with the file:line
/// message, on a configuration the agent would refuse.
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var config = AgentConfigCheck.ConfigOption();
        var command = new Command("check-config", "Check the agent configuration and its profile as 'run' would, changing nothing") { config };
        command.SetAction(parse => Check(parse.GetValue(config), ProfileCatalog.FromEnvironment(), Console.Out));
        return command;
    }

    internal static int Check(string? configPath, ProfileCatalog catalog, TextWriter output)
    {
        var settings = AgentConfigCheck.Load(configPath);
        AgentConfigCheck.CheckProfile(settings, catalog);
        var source = settings.ConfigFile ?? "no configuration file, defaults";
        output.WriteLine($"{source}: valid (profile {settings.Profile}, mode {settings.Mode.ToString().ToLowerInvariant()})");
        return ExitCodes.Success;
    }
}
