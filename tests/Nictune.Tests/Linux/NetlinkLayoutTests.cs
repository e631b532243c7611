using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using static Nictune.Linux.Interop.Netlink;
using Rtnetlink = Nictune.Linux.Interop.Rtnetlink;
using NetlinkInterop = Nictune.Linux.Interop.Netlink;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>
/// Our C# copies of the kernel's netlink structs and constants, checked by the C compiler against the real UAPI
/// headers: every size, field offset and constant becomes a _Static_assert that gcc must accept.
/// </summary>
public sealed class NetlinkLayoutTests
{
    private static readonly Type[] Structs = [typeof(nlmsghdr), typeof(ifinfomsg), typeof(rtattr), typeof(sockaddr_nl), typeof(rtnl_link_stats64)];
    private static readonly Type[] ConstantHolders = [typeof(Rtnetlink), typeof(NetlinkInterop)];

    [Fact]
    public void Structs_and_constants_match_the_kernel_headers()
    {
        Prerequisite.RequireTool("gcc");
        var source = new StringBuilder("""
            #include <stddef.h>
            #include <sys/socket.h>
            #include <net/if.h>
            #include <linux/if.h>
            #include <linux/netlink.h>
            #include <linux/rtnetlink.h>
            #include <linux/if_link.h>

            """);
        foreach (var type in Structs)
        {
            Assert.True(type.IsLayoutSequential, $"{type.Name} must be LayoutKind.Sequential");
            source.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert(sizeof(struct {type.Name}) == {Marshal.SizeOf(type)}, \"sizeof(struct {type.Name})\");");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var offset = Marshal.OffsetOf(type, field.Name);
                var size = Marshal.SizeOf(field.FieldType);
                source.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert(offsetof(struct {type.Name}, {field.Name}) == {offset}, \"offset of {type.Name}.{field.Name}\");");
                source.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert(sizeof(((struct {type.Name} *)0)->{field.Name}) == {size}, \"size of {type.Name}.{field.Name}\");");
            }
        }

        var constants = 0;
        foreach (var holder in ConstantHolders)
        {
            foreach (var field in holder.GetFields(BindingFlags.Static | BindingFlags.Public).Where(f => f.IsLiteral))
            {
                var value = Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture);
                source.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert({field.Name} == {value}, \"{field.Name}\");");
                constants++;
            }
        }

        Assert.True(constants > 15, "the constants were not found by reflection");
        var file = Path.Join(Path.GetTempPath(), $"nictune-netlink-layout-{Guid.NewGuid():N}.c");
        File.WriteAllText(file, source.ToString());
        try
        {
            var result = Tools.Run("gcc", "-fsyntax-only", "-Wall", "-Werror", file);
            Assert.True(result.ExitCode == 0, $"gcc rejected the layout:\n{result.Stderr}\n--- source ---\n{source}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
