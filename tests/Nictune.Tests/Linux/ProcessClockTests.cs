using Nictune.Linux.IO;
using Nictune.Linux.Procfs;
using Xunit;

namespace Nictune.Tests.Linux;

public sealed class ProcessClockTests
{
    [Fact]
    public void Time_since_exec_is_positive_and_grows()
    {
        var first = ProcessClock.SinceExec();
        Thread.Sleep(50);
        var second = ProcessClock.SinceExec();

        Assert.NotNull(first);
        Assert.InRange(first.Value, TimeSpan.Zero, TimeSpan.FromHours(1));
        Assert.True(second > first);
    }

    [Fact]
    public void A_missing_proc_degrades_to_null()
    {
        var empty = Directory.CreateTempSubdirectory("nictune-noproc-");
        try
        {
            Assert.Null(ProcessClock.SinceExec(new SystemRoot(empty.FullName)));
        }
        finally
        {
            empty.Delete();
        }
    }
}
