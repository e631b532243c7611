using System.Reflection;

namespace Nictune.Host;

/// <summary>The agent's version as the build stamps it (the informational version, without a source revision suffix).</summary>
internal static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
