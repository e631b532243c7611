using Nictune.Core.Planning;
using Nictune.Core.Profiles;

namespace Nictune.Core.Catalog;

/// <summary>
/// One setting of an interface (<see cref="SettingLevel.Interface"/>) with a fixed name, as the <see cref="SettingCatalog"/> describes it: its
/// <see cref="Tuning.SettingKey"/> name, its profile key (the part after the group's dot, under the rule's
/// <see cref="Group"/> key, or a key of the rule itself), how the Linux adapter reaches it, and where a rule keeps
/// its value. Planning reads the value with <see cref="Value"/>; the parser stores it with the setter.
/// </summary>
public abstract class SettingDefinition
{
    private protected SettingDefinition(string name, SettingKind kind, SettingAccess access)
    {
        Name = name;
        Kind = kind;
        Access = access;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        Group = dot < 0 ? null : name[..dot];
        Key = dot < 0 ? name : name[(dot + 1)..];
    }

    /// <summary>The setting's name in a <see cref="Tuning.SettingKey"/>, the journal and plans: <c>ring.rx</c>.</summary>
    public string Name { get; }

    public SettingKind Kind { get; }

    /// <summary>The rule's key that holds this setting in a mapping (<c>ring</c>), or null for a key of the rule itself.</summary>
    public string? Group { get; }

    /// <summary>The profile key: <c>rx</c> under <c>ring</c>, or <c>txqueuelen</c> in the rule.</summary>
    public string Key { get; }

    public SettingAccess Access { get; }

    /// <summary>The rule's requested value as the plan shows it (<c>4096</c>, <c>max</c>, <c>on</c>), or null when the rule leaves it alone.</summary>
    public abstract string? Value(InterfaceSettings settings);
}

/// <summary>A count or a time: a number within <see cref="Limits"/>, or a symbol the limits allow (<c>max</c>, <c>cpus</c>).</summary>
public sealed class NumberSetting : SettingDefinition
{
    private readonly Func<InterfaceSettings, ProfileValue?> _get;
    private readonly Func<InterfaceSettings, ProfileValue, InterfaceSettings> _set;

    internal NumberSetting(string name, SettingKind kind, SettingAccess access, NumericField limits,
        Func<InterfaceSettings, ProfileValue?> get, Func<InterfaceSettings, ProfileValue, InterfaceSettings> set)
        : base(name, kind, access)
    {
        Limits = limits;
        _get = get;
        _set = set;
    }

    public NumericField Limits { get; }

    public ProfileValue? Get(InterfaceSettings settings) => _get(settings);

    public InterfaceSettings Set(InterfaceSettings settings, ProfileValue value) => _set(settings, value);

    public override string? Value(InterfaceSettings settings) => Get(settings)?.ToString();
}

/// <summary>An on/off switch.</summary>
public sealed class ToggleSetting : SettingDefinition
{
    private readonly Func<InterfaceSettings, bool?> _get;
    private readonly Func<InterfaceSettings, bool, InterfaceSettings> _set;

    internal ToggleSetting(string name, SettingKind kind, SettingAccess access,
        Func<InterfaceSettings, bool?> get, Func<InterfaceSettings, bool, InterfaceSettings> set)
        : base(name, kind, access)
    {
        _get = get;
        _set = set;
    }

    public bool? Get(InterfaceSettings settings) => _get(settings);

    public InterfaceSettings Set(InterfaceSettings settings, bool value) => _set(settings, value);

    public override string? Value(InterfaceSettings settings) => Get(settings) is { } on ? SettingValues.OnOff(on) : null;
}

/// <summary>What names a family's member: a kernel feature, an rx or tx queue (<c>rx-3</c>), or an IRQ number.</summary>
public enum MemberRule
{
    FeatureName,
    RxQueue,
    TxQueue,
    Irq,
}

/// <summary>
/// Settings named <see cref="Prefix"/> + member (<c>feature.rx-gro</c>, <c>rps-cpus.rx-0</c>,
/// <c>irq-affinity.42</c>): one per feature, queue or IRQ a device has, planned by their own steps.
/// </summary>
public sealed record SettingFamily(string Prefix, SettingKind Kind, SettingLevel Level, MemberRule Member, SettingAccess Access)
{
    /// <summary>Longest queue number accepted in a name (<c>rx-99999</c>): the kernel caps a device's queues far below.</summary>
    public const int MaxQueueDigits = 5;

    /// <summary>Longest IRQ number accepted in a name.</summary>
    public const int MaxIrqDigits = 7;

    /// <summary>Whether <paramref name="member"/> (the name after <see cref="Prefix"/>) is a member of this family.</summary>
    public bool IsMember(ReadOnlySpan<char> member) => Member switch
    {
        MemberRule.FeatureName => member.Length > 0 && !member.ContainsAnyInRange('\0', '\x1f'),
        MemberRule.RxQueue => IsQueue(member, "rx-"),
        MemberRule.TxQueue => IsQueue(member, "tx-"),
        _ => IsNumber(member, MaxIrqDigits),
    };

    private static bool IsQueue(ReadOnlySpan<char> member, string prefix) =>
        member.StartsWith(prefix, StringComparison.Ordinal) && IsNumber(member[prefix.Length..], MaxQueueDigits);

    private static bool IsNumber(ReadOnlySpan<char> digits, int maxDigits) =>
        digits.Length > 0 && digits.Length <= maxDigits && !digits.ContainsAnyExceptInRange('0', '9');
}
