using Nictune.Core.Model;
using Nictune.Linux.Procfs;
using Xunit;

namespace Nictune.Tests.Metrics;

public sealed class SoftnetStatReaderTests
{
    [Fact]
    public void Six_x_lines_carry_the_cpu_number_so_an_offline_cpu_leaves_a_gap()
    {
        // Linux 6.x (net/core/net-procfs.c softnet_seq_show): 15 columns, the CPU number in column 13. CPU 1 is offline.
        const string text = """
            00000193 00000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
            000020e2 00000000 0000000a 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000002 00000000 00000000

            """;

        var rows = SoftnetStatReader.Parse(text);

        Assert.Equal([new SoftnetStat(0, 0x193, 2, 3), new SoftnetStat(2, 0x20e2, 0, 10)], rows);
    }

    [Fact]
    public void Older_kernels_without_the_cpu_column_number_rows_by_position()
    {
        var rows = SoftnetStatReader.Parse("0000000a 00000001 00000002 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n0000000b 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n");

        Assert.Equal([0, 1], rows.Select(r => r.Cpu));
        Assert.Equal(11UL, rows[1].Processed);
    }

    [Fact]
    public void A_malformed_line_is_an_error_naming_the_file_and_line() =>
        Assert.Contains("/proc/net/softnet_stat: line 2", Assert.Throws<FormatException>(() => SoftnetStatReader.Parse("00000001 00000000 00000000\nzz 1 2\n")).Message, StringComparison.Ordinal);
}
