namespace Nictune.Core.Tuning;

/// <summary>
/// Which <see cref="SettingKey"/>s nictune may ever write, wherever the key came from: a profile, the journal, the
/// baseline or the history. A state file is data someone could have edited, so a key read from it passes the same
/// policy as a profile key (sysctls: <see cref="SysctlKey"/>, in its canonical dotted form), and an interface key
/// names an interface the kernel would accept and a setting of <see cref="Catalog.SettingCatalog"/>. The adapters check again before writing.
/// </summary>
public static class SettingKeyPolicy
{
    /// <summary>Longest interface setting name (<c>feature.tx-tcp-mangleid-segmentation</c> is 37).</summary>
    public const int MaxNameLength = 128;

    /// <summary>Null when the key may be written, else what is wrong with it.</summary>
    public static string? Check(SettingKey key)
    {
        switch (key.Scope)
        {
            case SettingScope.Sysctl:
                if (!string.IsNullOrEmpty(key.Target))
                {
                    return "a sysctl key has no target";
                }

                if (!SysctlKey.TryNormalize(key.Name, out var normalized, out var error))
                {
                    return error;
                }

                return normalized == key.Name ? null : $"a sysctl key is written in its dotted form ({normalized})";
            case SettingScope.Interface:
                if (InterfaceName.Check(key.Target) is { } targetError)
                {
                    return $"target: {targetError}";
                }

                return CheckInterfaceSetting(key.Name);
            default:
                return $"unknown scope {(int)key.Scope}";
        }
    }

    private static string? CheckInterfaceSetting(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the setting name is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"the setting name is longer than {MaxNameLength} characters";
        }

        // Names become sysfs file names (rx-N, tx-N, an IRQ number) or ethtool strings: a closed alphabet keeps them
        // from ever naming a path.
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return "the setting name may use only letters, digits, '.', '-' and '_'";
            }
        }

        return Catalog.SettingCatalog.TryResolve(name, out _, out _, out _)
            ? null
            : $"\"{SettingValueText.Truncate(name)}\" is not a setting nictune manages";
    }
}
