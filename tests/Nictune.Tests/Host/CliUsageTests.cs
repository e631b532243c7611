using Nictune.Host;
using Nictune.Host.Cli;
using Xunit;

namespace Nictune.Tests.Host;

public sealed class CliUsageTests
{
    [Fact]
    public void Unknown_flag_is_a_usage_error()
    {
        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["detect", "--no-such-flag"]));
    }

    [Fact]
    public void Root_that_does_not_exist_is_a_usage_error()
    {
        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["detect", "--root", "/nonexistent/nictune-root"]));
    }

    [Fact]
    public void Root_that_is_not_a_sysfs_tree_is_a_usage_error()
    {
        var dir = Directory.CreateTempSubdirectory("nictune-notsysfs-");
        try
        {
            Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["detect", "--root", dir.FullName]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
