namespace Nictune.Core.Model;

/// <summary>
/// Which interfaces the agent may tune (the configuration's <c>interfaces.include</c>/<c>exclude</c>): any include
/// glob (all when none) and no exclude glob. The daemon's passes and the API's reads see the same interfaces through
/// <see cref="Apply"/>.
/// </summary>
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

    /// <summary><paramref name="inventory"/> with only the interfaces this filter allows.</summary>
    public SystemInventory Apply(SystemInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return inventory with { Interfaces = [.. inventory.Interfaces.Where(i => Allows(i.Name))] };
    }
}
