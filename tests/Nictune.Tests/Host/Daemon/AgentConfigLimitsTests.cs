using System.Text;
using Nictune.Host.Daemon.Configuration;
using Nictune.Testing;
using Nictune.Tests.Linux.IO;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// Issue 9 §5 and §4: agent.yaml gets the profile parser's protections. Every case must end in a clear error, not a
/// hang, a crash or gigabytes of memory; the ones that could hang run under a timeout.
/// </summary>
public sealed class AgentConfigLimitsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_alias_bomb_is_refused_before_it_expands()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(CultureInvariant($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"));
        }

        using var file = new ConfigFile(yaml.ToString());

        var e = await Assert.ThrowsAsync<AgentConfigException>(() => Task.Run(() => AgentConfigLoader.Load(file.Path)).WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.Equal($"{file.Path}:2:10: aliases (*name) are not supported here: write the value out", e.Message);
    }

    [Fact]
    public async Task Deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        using var file = new ConfigFile("x: " + new string('[', 30_000) + new string(']', 30_000) + "\n");

        var e = await Assert.ThrowsAsync<AgentConfigException>(() => Task.Run(() => AgentConfigLoader.Load(file.Path)).WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.True(e.Message.Contains("lists and mappings nest deeper than 32 levels", StringComparison.Ordinal), e.Message);
    }

    [Theory]
    [InlineData("x: [[]]\n", "unknown key 'x'")]
    [InlineData("x: []\n", "unknown key 'x'")]
    [InlineData("x: {}\n", "unknown key 'x'")]
    [InlineData("interfaces:\n  bogus: [[]]\n", "unknown key 'interfaces.bogus'")]
    public void An_unknown_key_is_refused_whatever_it_holds(string yaml, string expected)
    {
        using var file = new ConfigFile(yaml);

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_or_a_device_as_the_configuration_is_refused_at_once()
    {
        using var dir = new TempDirectory();
        var fifo = dir.Fifo("agent.yaml");
        var zero = Path.Join(dir.Path, "zero.yaml");
        File.CreateSymbolicLink(zero, "/dev/zero");

        var fromFifo = await Assert.ThrowsAsync<AgentConfigException>(() => Task.Run(() => AgentConfigLoader.Load(fifo)).WaitAsync(Patience, TestContext.Current.CancellationToken));
        var fromZero = await Assert.ThrowsAsync<AgentConfigException>(() => Task.Run(() => AgentConfigLoader.Load(zero)).WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.Contains("is a FIFO, not a regular file", fromFifo.Message, StringComparison.Ordinal);
        Assert.Contains("is a character device, not a regular file", fromZero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_configuration_is_refused()
    {
        using var file = new ConfigFile("# " + new string('x', YamlConfigurationProvider.MaxBytes) + "\n");

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.Contains($"is larger than {YamlConfigurationProvider.MaxBytes} bytes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by the fuzz tests: YamlDotNet's scanner throws InvalidOperationException on the first, and its parser
    /// ArgumentException ("Global tags must be valid URIs") on the second, not YamlException. The second aborted the
    /// process (exit 134) before it was caught.
    /// </summary>
    [Theory]
    [InlineData("interfaces:\n  exclude:\n    x: ['eth[0', |\n  block, &a x, ---]\n")]
    [InlineData("mode: !!in[t 3\n")]
    public void Input_that_trips_the_yaml_scanner_is_an_invalid_yaml_error(string yaml)
    {
        using var file = new ConfigFile(yaml);

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.True(e.Message.Contains("invalid YAML", StringComparison.Ordinal), e.Message);
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
