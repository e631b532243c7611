using Nictune.Core.Model;

namespace Nictune.Tests.Fixtures;

/// <summary>A machine laid out as a sysfs tree, with everything detection must conclude about it.</summary>
public sealed record SysfsScenario(
    string Name,
    Action<SysfsTreeBuilder> Build,
    Hypervisor Hypervisor,
    IReadOnlyList<ExpectedInterface> Interfaces,
    IReadOnlyList<ExpectedAdvisory> Advisories,
    IReadOnlyList<string>? Unbound = null)
{
    /// <summary>Builds the tree in a new temp directory; the caller disposes it.</summary>
    public SysfsTreeBuilder Create()
    {
        var tree = new SysfsTreeBuilder();
        Build(tree);
        return tree;
    }

    public override string ToString() => Name;
}
