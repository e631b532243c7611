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

    [Theory]
    [InlineData("rollback", "--to", "sideways")]
    [InlineData("apply")]
    [InlineData("plan", "--profile")]
    [InlineData("apply", "--profile", "x", "--bogus")]
    [InlineData("run", "--config")]
    public void Bad_flags_of_the_tuning_verbs_are_usage_errors(params string[] args)
    {
        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(args));
    }

    [Fact]
    public void An_unknown_profile_is_a_usage_error_naming_it()
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["plan", "--profile", "no-such-profile-anywhere", "--root", "/nonexistent"]));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Contains("no-such-profile-anywhere", error.ToString(), StringComparison.Ordinal);
    }
}
