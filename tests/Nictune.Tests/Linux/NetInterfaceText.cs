using System.Collections;
using System.Globalization;
using System.Reflection;
using Nictune.Core.Model;

namespace Nictune.Tests.Linux;

/// <summary>
/// A netdev's record as one line of every property and its value, lists written out element by element: records
/// compare lists by reference, so two discoveries of the same interface are compared through this.
/// </summary>
internal static class NetInterfaceText
{
    public static string Of(NetInterface nic) =>
        string.Join("; ", typeof(NetInterface).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{p.Name}={Value(p.GetValue(nic))}"));

    private static string Value(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable items => $"[{string.Join(",", items.Cast<object?>().Select(Value))}]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
