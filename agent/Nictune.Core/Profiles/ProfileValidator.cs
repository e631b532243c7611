using Nictune.Core.Catalog;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Profiles;

/// <summary>
/// Checks a <see cref="Profile"/> object against the rules of the format. <see cref="ProfileParser"/> applies the same
/// rules while it reads (so its errors point at the exact line of the offending value) and never returns a profile
/// that fails here; this entry point is for profiles built or merged in code, and as a guard in tests. Errors from
/// here point at the rule (<see cref="InterfaceRule.Location"/>) and name the field.
/// </summary>
public static class ProfileValidator
{
    /// <summary>Longest sysctl value accepted: the kernel takes at most a page per write.</summary>
    public const int MaxSysctlValueLength = 4096;

    /// <summary>Every problem found, in order; empty when the profile is valid.</summary>
    public static IReadOnlyList<ProfileError> Validate(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new List<ProfileError>();
        var fileLocation = new SourceLocation(profile.Source, 0, 0);

        if (ProfileName.Validate(profile.Name) is { } nameError)
        {
            errors.Add(ProfileError.At(fileLocation, "name", nameError));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < profile.Extends.Count; i++)
        {
            var location = i < profile.ExtendsLocations.Count ? profile.ExtendsLocations[i] : fileLocation;
            var name = profile.Extends[i];
            if (ProfileName.Validate(name) is { } error)
            {
                errors.Add(ProfileError.At(location, $"extends[{i}]", error));
            }
            else if (!seen.Add(name))
            {
                errors.Add(ProfileError.At(location, $"extends[{i}]", $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\" is listed twice"));
            }
        }

        foreach (var (key, value) in profile.Sysctl)
        {
            var location = profile.SysctlLocations.TryGetValue(key, out var l) ? l : fileLocation;
            if (!SysctlKey.TryNormalize(key, out var normalized, out var keyError))
            {
                errors.Add(ProfileError.At(location, $"sysctl.{key}", keyError));
            }
            else if (normalized != key)
            {
                errors.Add(ProfileError.At(location, $"sysctl.{key}", $"keys are stored in dotted form: \"{normalized}\""));
            }

            if (profile.SysctlAtLeast.Contains(key))
            {
                if ((SysctlFloor.Check(value) ?? CheckSysctlValue(value) ?? SysctlValueType.Check(key, value)) is { } floorError)
                {
                    errors.Add(ProfileError.At(location, $"sysctl.{key}.{SysctlFloor.Key}", floorError));
                }
            }
            else if ((CheckSysctlValue(value) ?? SysctlValueType.Check(key, value)) is { } valueError)
            {
                errors.Add(ProfileError.At(location, $"sysctl.{key}", valueError));
            }
        }

        foreach (var key in profile.SysctlAtLeast.Where(k => !profile.Sysctl.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            errors.Add(ProfileError.At(fileLocation, $"sysctl.{key}.{SysctlFloor.Key}", "marked at-least but the profile has no value for it"));
        }

        for (var i = 0; i < profile.Interfaces.Count; i++)
        {
            ValidateRule(profile.Interfaces[i], $"interfaces[{i}]", errors);
        }

        for (var i = 0; i < profile.Interfaces.Count; i++)
        {
            if (UnreachableAfter(profile.Interfaces, i) is { } catchAll)
            {
                errors.Add(ProfileError.At(profile.Interfaces[i].Location, $"interfaces[{i}]", Unreachable(catchAll)));
            }
        }

        return errors;
    }

    /// <summary>Throws <see cref="ProfileException"/> with every problem when the profile is invalid.</summary>
    public static void ThrowIfInvalid(Profile profile)
    {
        var errors = Validate(profile);
        if (errors.Count > 0)
        {
            throw new ProfileException(errors);
        }
    }

    /// <summary>A rule with no match criteria matches every interface.</summary>
    public static bool IsCatchAll(RuleMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.Classes is null && match.Drivers is null && match.Names is null && match.Hypervisors is null;
    }

    /// <summary>Null when a sysctl value is acceptable kernel text, else why not.</summary>
    internal static string? CheckSysctlValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "the value is empty";
        }

        if (value.Length > MaxSysctlValueLength)
        {
            return $"the value is longer than {MaxSysctlValueLength} characters";
        }

        // One line of printable text: a newline or NUL would be read by the kernel as the end of the value.
        foreach (var c in value)
        {
            if (c != '\t' && (char.IsControl(c) || c > '~'))
            {
                return $"the value contains a control or non-ASCII character (U+{(int)c:X4}): sysctl values are one line of ASCII";
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="driver"/> is a plausible kernel driver name, else why not.</summary>
    internal static string? CheckDriverName(string? driver)
    {
        if (string.IsNullOrEmpty(driver))
        {
            return "a driver name cannot be empty";
        }

        if (driver.Length > 64)
        {
            return "a driver name is at most 64 characters";
        }

        foreach (var c in driver)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(driver)}\" is not a driver name: drivers are named with letters, digits, '_', '-' and '.'";
            }
        }

        return null;
    }

    /// <summary>What is wrong with a group's values together (<c>channels</c>: not all zero), or null.</summary>
    internal static string? CheckGroup(string group, InterfaceSettings settings) =>
        $"{group}." == SettingNames.ChannelsPrefix && settings.Channels is { } channels ? CheckChannels(channels) : null;

    /// <summary>Where a setting is written in a rule: <c>ring.rx</c>, or <c>txqueuelen</c>.</summary>
    internal static string ProfilePath(SettingDefinition setting) => setting.Group is null ? setting.Key : $"{setting.Group}.{setting.Key}";

    /// <summary>Null unless every channel count given is 0, which would leave the device without a queue.</summary>
    private static string? CheckChannels(ChannelSettings channels)
    {
        ProfileValue?[] values = [channels.Combined, channels.Rx, channels.Tx];
        var given = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return given.Count > 0 && given.All(v => v.Kind == ProfileValueKind.Number && v.Number == 0)
            ? "at least one of combined, rx and tx must be non-zero: a device needs a queue"
            : null;
    }

    /// <summary>
    /// The earlier catch-all rule of the same file that makes rule <paramref name="index"/> unreachable, if any.
    /// Only rules of one file count: after <c>extends</c> is resolved, a profile's own catch-all legitimately
    /// shadows what it extends (that is how a profile overrides), but within one file a rule after a catch-all
    /// can never apply and is a mistake.
    /// </summary>
    internal static InterfaceRule? UnreachableAfter(IReadOnlyList<InterfaceRule> rules, int index)
    {
        var rule = rules[index];
        for (var j = 0; j < index; j++)
        {
            if (IsCatchAll(rules[j].Match) && rules[j].Location.File == rule.Location.File)
            {
                return rules[j];
            }
        }

        return null;
    }

    internal static string Unreachable(InterfaceRule catchAll) =>
        $"this rule can never apply: the rule at line {catchAll.Location.Line} has no 'match' and takes every interface first";

    private static void ValidateRule(InterfaceRule rule, string path, List<ProfileError> errors)
    {
        void Add(string field, string message) => errors.Add(ProfileError.At(rule.Location, $"{path}.{field}", message));

        var match = rule.Match;
        CheckList(match.Classes, "match.class", c => Enum.IsDefined(c) ? null : $"{(int)c} is not a class", Add);
        CheckList(match.Hypervisors, "match.hypervisor", h => Enum.IsDefined(h) ? null : $"{(int)h} is not a hypervisor", Add);
        CheckList(match.Drivers, "match.driver", CheckDriverName, Add);
        CheckList(match.Names, "match.name", InterfaceNameGlob.Validate, Add);

        var settings = rule.Settings;
        foreach (var setting in SettingCatalog.Settings)
        {
            if (setting is NumberSetting number && number.Get(settings) is { } value && number.Limits.Check(value) is { } error)
            {
                Add(ProfilePath(setting), error);
            }
        }

        foreach (var group in SettingCatalog.Groups)
        {
            if (CheckGroup(group, settings) is { } error)
            {
                Add(group, error);
            }
        }

        foreach (var name in settings.Values?.Keys ?? Enumerable.Empty<string>())
        {
            if (SettingCatalog.Find(name) is null)
            {
                Add(name, $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\" is not a setting nictune manages");
            }
        }

        foreach (var name in settings.Features?.Keys ?? Enumerable.Empty<string>())
        {
            if (!FeatureNames.Kernel.Contains(name))
            {
                Add($"features.{name}", FeatureNames.IsAlias(name)
                    ? "features are stored by kernel name; expand ethtool's short names with FeatureNames.Expand"
                    : $"unknown feature \"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\"");
            }
        }

        if (settings.Rps is { } rps)
        {
            if (rps.Cpus is { Kind: CpuSelectionKind.List } cpus && !CpuList.TryParse(cpus.List, out _, out var cpuError))
            {
                Add("rps.cpus", cpuError);
            }

            if (rps.FlowCount is { } flows && ProfileLimits.FlowCount.CheckNumber(flows) is { } flowError)
            {
                Add("rps.flow-count", flowError);
            }
        }

        if (settings.Xps is { } xps && !Enum.IsDefined(xps))
        {
            Add("xps", $"{(int)xps} is not an XPS mode");
        }

        if (settings.IrqAffinity is { } irq && !Enum.IsDefined(irq))
        {
            Add("irq-affinity", $"{(int)irq} is not an IRQ affinity mode");
        }
    }

    private static void CheckList<T>(IReadOnlyList<T>? list, string field, Func<T, string?> check, Action<string, string> add)
    {
        if (list is null)
        {
            return;
        }

        if (list.Count == 0)
        {
            add(field, "an empty list matches nothing: leave the criterion out to match anything");
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (check(list[i]) is { } error)
            {
                add($"{field}[{i}]", error);
            }
        }
    }
}
