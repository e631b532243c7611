using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Nictune.Linux;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux.Interop;

/// <summary>
/// Checks every kernel struct and constant the interop layer declares against the real UAPI headers: the C# side's
/// sizes, offsets and values are written into a C file as static_asserts and gcc compiles it. The C# field names are
/// the C names, so a renamed or missing field fails to compile too.
/// </summary>
public sealed class StructLayoutTests
{
    private static readonly Type[] Structs =
    [
        typeof(Nictune.Linux.Interop.Ioctl.ifreq),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_drvinfo),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_cmd),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_ringparam),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_channels),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_coalesce),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_value),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_sset_info),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_gstrings),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_stats),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_gfeatures),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_get_features_block),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_sfeatures),
        typeof(Nictune.Linux.Interop.Ethtool.ethtool_set_features_block),
        typeof(Nictune.Linux.Interop.Dirent.dirent64),
        typeof(Nictune.Linux.Interop.Time.timeval),
        typeof(Nictune.Linux.Interop.Netlink.ndmsg),
        typeof(Nictune.Linux.Interop.Netlink.rtmsg),
    ];

    /// <summary>Headers declared as C# structs without their trailing flexible array: (struct, array member, element type).</summary>
    private static readonly (Type Header, string Member, string ElementCType)[] FlexibleArrays =
    [
        (typeof(Nictune.Linux.Interop.Ethtool.ethtool_sset_info), "data", "__u32"),
        (typeof(Nictune.Linux.Interop.Ethtool.ethtool_gstrings), "data", "__u8"),
        (typeof(Nictune.Linux.Interop.Ethtool.ethtool_stats), "data", "__u64"),
        (typeof(Nictune.Linux.Interop.Ethtool.ethtool_gfeatures), "features", "struct ethtool_get_features_block"),
        (typeof(Nictune.Linux.Interop.Ethtool.ethtool_sfeatures), "features", "struct ethtool_set_features_block"),
    ];

    /// <summary>Classes whose constants carry the C macro or enumerator name.</summary>
    private static readonly Type[] ConstantHolders =
    [
        typeof(Nictune.Linux.Interop.Ioctl),
        typeof(Nictune.Linux.Interop.Ethtool),
        typeof(Nictune.Core.Tuning.Errnos),
        typeof(Nictune.Linux.Interop.Neighbour),
    ];

    [Fact]
    public void Structs_and_constants_match_the_kernel_headers()
    {
        Prerequisite.RequireTool("gcc");
        var source = GenerateC();
        var dir = Directory.CreateTempSubdirectory("nictune-layout-");
        try
        {
            var file = Path.Join(dir.FullName, "layout.c");
            File.WriteAllText(file, source);
            var result = Tools.Run("gcc", "-fsyntax-only", "-std=gnu11", "-Wall", "-Werror", file);
            Assert.True(result.ExitCode == 0, $"gcc rejected the C# layouts:\n{result.Stderr}\n--- generated source ---\n{source}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_generated_check_covers_every_field()
    {
        // Guards the generator itself: a struct that reflection saw as empty would assert nothing.
        var source = GenerateC();
        Assert.Contains("offsetof(struct ethtool_drvinfo, regdump_len) == 192", source, StringComparison.Ordinal);
        Assert.Contains("offsetof(struct ifreq, ifr_data) == 16", source, StringComparison.Ordinal);
        Assert.Contains("sizeof(struct ifreq) == 40", source, StringComparison.Ordinal);
        Assert.Contains("offsetof(struct ethtool_sset_info, data) == 16", source, StringComparison.Ordinal);
        Assert.Contains("SIOCETHTOOL == 35142", source, StringComparison.Ordinal);
        Assert.Contains("offsetof(struct ndmsg, ndm_state) == 8", source, StringComparison.Ordinal);
        Assert.Contains("offsetof(struct rtmsg, rtm_flags) == 8", source, StringComparison.Ordinal);
        Assert.Contains("NUD_REACHABLE == 2", source, StringComparison.Ordinal);
    }

    private static string GenerateC()
    {
        var c = new StringBuilder();
        c.AppendLine("#define _GNU_SOURCE"); // struct dirent64
        c.AppendLine("#include <stddef.h>");
        c.AppendLine("#include <dirent.h>");
        c.AppendLine("#include <errno.h>");
        c.AppendLine("#include <fcntl.h>");
        c.AppendLine("#include <sys/socket.h>");
        c.AppendLine("#include <sys/time.h>");
        c.AppendLine("#include <net/if.h>");
        c.AppendLine("#include <linux/sockios.h>");
        c.AppendLine("#include <linux/ethtool.h>");
        c.AppendLine("#include <linux/rtnetlink.h>");
        c.AppendLine();
        foreach (var type in Structs)
        {
            var name = type.Name;
            c.AppendLine($"_Static_assert(sizeof(struct {name}) == {SizeOf(type)}, \"sizeof(struct {name}) is {SizeOf(type)} in C#\");");
            foreach (var field in LayoutFields(type))
            {
                var offset = Marshal.OffsetOf(type, field.Name).ToInt64();
                var size = FieldSize(field);
                c.AppendLine($"_Static_assert(offsetof(struct {name}, {field.Name}) == {offset}, \"offsetof({name}, {field.Name}) is {offset} in C#\");");
                c.AppendLine($"_Static_assert(sizeof(((struct {name} *)0)->{field.Name}) == {size}, \"sizeof({name}.{field.Name}) is {size} in C#\");");
            }
        }

        foreach (var (header, member, element) in FlexibleArrays)
        {
            var size = SizeOf(header);
            c.AppendLine($"_Static_assert(offsetof(struct {header.Name}, {member}) == {size}, \"{header.Name}.{member}[] starts at {size} in C#\");");
            c.AppendLine($"_Static_assert(sizeof(((struct {header.Name} *)0)->{member}[0]) == sizeof({element}), \"{header.Name}.{member}[] holds {element}\");");
        }

        foreach (var holder in ConstantHolders)
        {
            foreach (var constant in holder.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public).Where(f => f.IsLiteral))
            {
                var value = Convert.ToInt64(constant.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture);
                c.AppendLine($"_Static_assert({constant.Name} == {value}, \"{constant.Name} is {value} in C#\");");
            }
        }

        return c.ToString();
    }

    /// <summary>Instance fields in declaration order; names starting with '_' pad a union and have no C counterpart.</summary>
    private static IEnumerable<FieldInfo> LayoutFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => !f.Name.StartsWith('_'))
            .OrderBy(f => Marshal.OffsetOf(type, f.Name).ToInt64());

    private static long SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static long FieldSize(FieldInfo field)
    {
        if (field.GetCustomAttribute<FixedBufferAttribute>() is { } fixedBuffer)
        {
            return Marshal.SizeOf(fixedBuffer.ElementType) * fixedBuffer.Length;
        }

        return field.FieldType.IsPointer ? IntPtr.Size : Marshal.SizeOf(field.FieldType);
    }
}
