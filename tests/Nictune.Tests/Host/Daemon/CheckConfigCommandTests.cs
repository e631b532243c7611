using Nictune.Host;
using Nictune.Host.Cli;
using Nictune.Linux.Profiles;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// `nictune check-config`: run's start-up checks alone. ExecReload= runs it, so its exit code is what
/// `systemctl reload` reports.
/// </summary>
public sealed class CheckConfigCommandTests : IDisposable
{
    private readonly DirectoryInfo _profiles = Directory.CreateTempSubdirectory("nictune-check-profiles-");
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("nictune-check-state-");

    [Fact]
    public void A_valid_file_and_profile_exit_0_and_say_so()
    {
        File.WriteAllText(Path.Join(_profiles.FullName, "site.yaml"), "name: site\nsysctl:\n  net.core.somaxconn: 8192\n");
        using var file = new ConfigFile($"state-dir: {_state.FullName}\nprofile: site\nmode: observe\n");
        var output = new StringWriter();

        var code = CheckConfigCommand.Check(file.Path, Catalog(), output);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal($"{file.Path}: valid (profile site, mode observe)", output.ToString().Trim());
    }

    [Fact]
    public void An_invalid_file_is_a_usage_error_with_file_line_and_key()
    {
        using var file = new ConfigFile("mode: enforce\ndrift-interval: soon\n");

        var e = Assert.Throws<UsageException>(() => CheckConfigCommand.Check(file.Path, Catalog(), TextWriter.Null));

        Assert.StartsWith($"{file.Path}:2:1: drift-interval: 'soon' is not a duration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_does_not_exist_is_a_usage_error_naming_the_file()
    {
        using var file = new ConfigFile($"state-dir: {_state.FullName}\nprofile: nowhere\n");

        var e = Assert.Throws<UsageException>(() => CheckConfigCommand.Check(file.Path, Catalog(), TextWriter.Null));

        Assert.StartsWith($"{file.Path}: profile: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Through_the_command_line_an_invalid_file_exits_2()
    {
        using var file = new ConfigFile("turbo: yes\n");

        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["check-config", "--config", file.Path]));
    }

    public void Dispose()
    {
        _profiles.Delete(recursive: true);
        _state.Delete(recursive: true);
    }

    private ProfileCatalog Catalog() => new([_profiles.FullName]);
}
