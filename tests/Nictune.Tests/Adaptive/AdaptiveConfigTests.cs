using Nictune.Core.Adaptive;
using Nictune.Host;
using Nictune.Host.Cli;
using Nictune.Host.Daemon.Configuration;
using Nictune.Tests.Host.Daemon;
using Xunit;

namespace Nictune.Tests.Adaptive;

/// <summary>The <c>adaptive:</c> section of agent.yaml: validated like every key.</summary>
public sealed class AdaptiveConfigTests
{
    [Fact]
    public void Without_the_section_adaptive_rings_suggest_with_the_documented_defaults()
    {
        using var file = new ConfigFile("mode: enforce\n");

        var policy = AgentConfigLoader.Load(file.Path).Adaptive;

        Assert.Equal(AdaptivePolicy.Default, policy);
        Assert.Equal((AdaptiveMode.Suggest, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), 10.0, 0.0001, false, 4),
            (policy.Mode, policy.Window, policy.Cooldown, policy.DropsPerSecond, policy.Fraction, policy.AllowLinkReset, policy.ChangesPerHour));
    }

    [Fact]
    public void The_section_is_read_into_the_policy()
    {
        using var file = new ConfigFile("""
            adaptive:
              rings: apply
              window: 10m
              cooldown: 2h
              threshold: { drops-per-second: 2.5, fraction: 1e-5 }
              allow-link-reset: true
              changes-per-hour: 1
            """);

        var policy = AgentConfigLoader.Load(file.Path).Adaptive;

        Assert.Equal(new AdaptivePolicy(AdaptiveMode.Apply, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), 2.5, 1e-5, true, 1), policy);
        Assert.Equal(TimeSpan.FromSeconds(20), policy.SampleInterval);
    }

    [Fact]
    public void The_shipped_example_spells_out_the_defaults()
    {
        var example = Path.Join(Nictune.Testing.NictuneBinary.RepoRoot, "systemd", "agent.yaml");

        Assert.Equal(AdaptivePolicy.Default, AgentConfigLoader.Load(example).Adaptive);
    }

    [Theory]
    [InlineData("adaptive:\n  window: -5m\n", ":2:3: adaptive.window: '-5m' is not a duration")]
    [InlineData("adaptive:\n  window: 1s\n", ":2:3: adaptive.window: '1s' is out of range 2s..1h")]
    [InlineData("adaptive:\n  cooldown: 0\n", ":2:3: adaptive.cooldown: '0' is out of range 1s..7d")]
    [InlineData("adaptive:\n  rings: sometimes\n", ":2:3: adaptive.rings: 'sometimes' is not one of: off, suggest, apply")]
    [InlineData("adaptive:\n  threshold:\n    drops-per-second: -1\n", ":3:5: adaptive.threshold.drops-per-second: '-1' is not a number")]
    [InlineData("adaptive:\n  threshold:\n    drops-per-second: NaN\n", ":3:5: adaptive.threshold.drops-per-second: 'NaN' is not a number")]
    [InlineData("adaptive:\n  threshold: { fraction: 2 }\n", ":2:16: adaptive.threshold.fraction: '2' is not a fraction from 0 to 1")]
    [InlineData("adaptive:\n  allow-link-reset: yes\n", ":2:3: adaptive.allow-link-reset: 'yes' is not true or false")]
    [InlineData("adaptive:\n  changes-per-hour: 0\n", ":2:3: adaptive.changes-per-hour: '0' is not a whole number from 1 to 100")]
    [InlineData("adaptive:\n  ring: apply\n", ":2:3: unknown key 'adaptive.ring' (known here: rings, window, cooldown, threshold, allow-link-reset, changes-per-hour)")]
    [InlineData("adaptive: apply\n", ":1:1: adaptive: expected a mapping of keys, found a single value")]
    public void A_bad_value_names_file_line_and_key(string yaml, string expected)
    {
        using var file = new ConfigFile(yaml);

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.StartsWith(file.Path + expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adaptive:\n  window: -5m\n")]
    [InlineData("adaptive:\n  cooldown: 0s\n")]
    [InlineData("adaptive:\n  rings: auto\n")]
    public void Run_exits_2_on_a_bad_value_before_anything_starts(string yaml)
    {
        using var file = new ConfigFile(yaml);

        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["run", "--config", file.Path]));
    }
}
