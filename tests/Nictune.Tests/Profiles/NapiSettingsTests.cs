using Nictune.Core.Catalog;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;
using Nictune.Linux.Tuning;
using Nictune.Tests.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>
/// gro-flush-timeout and napi-defer-hard-irqs, known to nictune only through their <see cref="SettingCatalog"/>
/// entries: the parser reads them, the validator and the state files' key policy know them, and the Linux store
/// writes their sysfs files.
/// </summary>
public sealed class NapiSettingsTests
{
    private const string File = "x.yaml";

    [Fact]
    public void Both_keys_are_read_into_the_rule()
    {
        var profile = ProfileParser.Parse("interfaces:\n  - gro-flush-timeout: 20000\n    napi-defer-hard-irqs: 2\n", File);

        var settings = Assert.Single(profile.Interfaces).Settings;
        Assert.Equal("20000", SettingCatalog.Find("gro-flush-timeout")!.Value(settings));
        Assert.Equal("2", SettingCatalog.Find("napi-defer-hard-irqs")!.Value(settings));
    }

    [Theory]
    [InlineData("gro-flush-timeout: 100000001", "interfaces[0].gro-flush-timeout", "out of range: expected 0 to 100000000, got 100000001")]
    [InlineData("napi-defer-hard-irqs: -1", "interfaces[0].napi-defer-hard-irqs", "out of range: expected 0 to 2147483647, got -1")]
    [InlineData("gro-flush-timeout: max", "interfaces[0].gro-flush-timeout", "'max' is not accepted here: the kernel reports no maximum for gro_flush_timeout")]
    [InlineData("napi-defer-hard-irq: 2", "interfaces[0].napi-defer-hard-irq", "(did you mean \"napi-defer-hard-irqs\"?)")]
    public void A_bad_value_or_key_names_the_line_and_field(string line, string field, string message)
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse($"interfaces:\n  - {line}\n", File));

        var error = Assert.Single(e.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gro-flush-timeout")]
    [InlineData("napi-defer-hard-irqs")]
    public void A_state_file_may_name_them(string name) =>
        Assert.Null(SettingKeyPolicy.Check(SettingKey.Interface("eth0", name)));

    [Theory]
    [InlineData("gro-flush-timeout", "/sys/class/net/eth0/gro_flush_timeout", "0", "20000")]
    [InlineData("napi-defer-hard-irqs", "/sys/class/net/eth0/napi_defer_hard_irqs", "0", "2")]
    public void The_linux_store_reads_and_writes_their_sysfs_files(string name, string path, string before, string after)
    {
        using var fixture = new FixtureRoot();
        var store = new LinuxSettingStore(fixture.Root, new FakeEthtool());
        fixture.With(path, before + "\n");
        var key = SettingKey.Interface("eth0", name);

        Assert.Equal(new SettingReading(before), store.Read(key));
        store.Write(key, after);

        Assert.Equal(after + "\n", fixture.Content(path));
    }
}
