namespace Nictune.Host.Daemon.Configuration;

/// <summary>Which interfaces the agent may tune: any include glob (all when none) and no exclude glob.</summary>
public sealed class InterfaceFilter
{
    public static readonly InterfaceFilter All = new([], []);

    public InterfaceFilter(IReadOnlyList<InterfaceGlob> include, IReadOnlyList<InterfaceGlob> exclude)
    {
        Include = include;
        Exclude = exclude;
    }

    public IReadOnlyList<InterfaceGlob> Include { get; }

    public IReadOnlyList<InterfaceGlob> Exclude { get; }

    public bool Allows(string interfaceName) =>
        (Include.Count == 0 || Include.Any(glob => glob.Matches(interfaceName)))
        && !Exclude.Any(glob => glob.Matches(interfaceName));
}
