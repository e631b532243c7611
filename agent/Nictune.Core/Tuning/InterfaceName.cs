using System.Text;

namespace Nictune.Core.Tuning;

/// <summary>
/// The names the kernel accepts for a network interface (net/core/dev.c, dev_valid_name): 1 to 15 bytes
/// (IFNAMSIZ - 1), not <c>.</c> or <c>..</c>, and no <c>/</c>, <c>:</c> or whitespace. A name that passes can be
/// put into a sysfs path (<c>/sys/class/net/NAME/…</c>) without leaving that directory.
/// </summary>
public static class InterfaceName
{
    /// <summary>IFNAMSIZ - 1.</summary>
    public const int MaxBytes = 15;

    /// <summary>Null when the kernel would accept <paramref name="name"/>, else what is wrong with it.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the interface name is empty";
        }

        if (name is "." or "..")
        {
            return $"\"{name}\" is not an interface name";
        }

        if (name.Length > MaxBytes || Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"an interface name is at most {MaxBytes} bytes";
        }

        foreach (var c in name)
        {
            if (c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "an interface name has no '/', ':', whitespace or control characters";
            }
        }

        return null;
    }

    public static bool IsValid(string? name) => Check(name) is null;
}
