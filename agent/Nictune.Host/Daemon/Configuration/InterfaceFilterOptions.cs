namespace Nictune.Host.Daemon.Configuration;

/// <summary>The <c>interfaces:</c> section: which interfaces the agent may tune, as shell-style globs.</summary>
public sealed class InterfaceFilterOptions
{
    /// <summary>Globs of interfaces to tune; empty means every interface.</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>Globs of interfaces never to touch; they win over <see cref="Include"/>.</summary>
    public List<string> Exclude { get; set; } = [];
}
