using Nictune.Core.Catalog;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Profiles;

/// <summary>
/// Rules of the profile format that are not a setting's own limits (those live in <see cref="SettingCatalog"/>).
/// <see cref="ProfileParser"/> is the only validator: it applies these while it reads, so every error points at the
/// line of the offending value, and it never returns a profile that breaks one.
/// </summary>
public static class ProfileValidator
{
    /// <summary>Longest sysctl value accepted: the kernel takes at most a page per write.</summary>
    public const int MaxSysctlValueLength = 4096;

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

    /// <summary>Null unless every channel count given is 0, which would leave the device without a queue.</summary>
    private static string? CheckChannels(ChannelSettings channels)
    {
        ProfileValue?[] values = [channels.Combined, channels.Rx, channels.Tx];
        var given = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return given.Count > 0 && given.All(v => v.Kind == ProfileValueKind.Number && v.Number == 0)
            ? "at least one of combined, rx and tx must be non-zero: a device needs a queue"
            : null;
    }

    internal static string Unreachable(InterfaceRule catchAll) =>
        $"this rule can never apply: the rule at line {catchAll.Location.Line} has no 'match' and takes every interface first";
}
