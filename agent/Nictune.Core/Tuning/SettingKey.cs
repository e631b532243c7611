namespace Nictune.Core.Tuning;

/// <summary>
/// Names one tunable value. For interfaces, <see cref="Name"/> is a name <see cref="Catalog.SettingCatalog"/> resolves:
/// a fixed name (<c>ring.rx</c>, <c>coalesce.rx-usecs</c>, <c>txqueuelen</c>, …) or a family member
/// (<c>feature.&lt;kernel-feature-name&gt;</c>, <c>rps-cpus.rx-N</c>, <c>rps-flow-cnt.rx-N</c>, <c>xps-cpus.tx-N</c>,
/// <c>irq-affinity.&lt;irq&gt;</c>).
/// For sysctls, <see cref="Name"/> is the dotted key (<c>net.core.somaxconn</c>).
/// Values everywhere are the kernel's own text form: numbers in decimal, <c>on</c>/<c>off</c> for
/// features and adaptive coalescing, hex masks for rps/xps as sysfs prints them, cpulists for IRQs.
/// A class, not a struct: every collection, tuple, LINQ operator and JSON converter over a reference type shares one
/// compiled body with all the others, where a struct key gets a copy of each of them in the NativeAOT binary
/// (docs/architecture.md, "What the binary is made of").
/// </summary>
public sealed record SettingKey(SettingScope Scope, string Target, string Name)
{
    public static SettingKey Sysctl(string key) => new(SettingScope.Sysctl, string.Empty, key);

    public static SettingKey Interface(string nic, string name) => new(SettingScope.Interface, nic, name);

    public override string ToString() => Scope == SettingScope.Sysctl ? $"sysctl {Name}" : $"{Target} {Name}";
}
