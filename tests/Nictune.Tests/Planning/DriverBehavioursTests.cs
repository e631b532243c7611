using Nictune.Core.Planning;
using Nictune.Core.Tuning;
using Xunit;

namespace Nictune.Tests.Planning;

/// <summary>The link-reset table against docs/drivers.md §4.</summary>
public sealed class DriverBehavioursTests
{
    [Theory]
    [InlineData("vmxnet3", "ring.rx", true)]
    [InlineData("vmxnet3", "channels.combined", false)]
    [InlineData("iavf", "ring.tx", true)]
    [InlineData("iavf", "channels.combined", true)]
    [InlineData("e1000", "ring.rx", true)]
    [InlineData("ixgbevf", "ring.rx", true)]
    [InlineData("bnxt_en", "channels.combined", true)]
    [InlineData("hv_netvsc", "ring.rx", true)]
    [InlineData("mana", "channels.combined", true)]
    [InlineData("ena", "ring.rx", true)]
    [InlineData("mlx5_core", "ring.rx", false)]
    [InlineData("virtio_net", "channels.combined", false)]
    [InlineData("iavf", "coalesce.rx-usecs", false)]
    [InlineData("vmxnet3", "rps-cpus.rx-0", false)]
    public void Knows_which_changes_reset_the_link(string driver, string setting, bool resets) =>
        Assert.Equal(resets, DriverBehaviours.ResetsLink(driver, SettingKey.Interface("eth0", setting)));

    [Fact]
    public void Vmxnet3_channels_are_get_only() => Assert.True(DriverBehaviours.For("vmxnet3")!.ChannelsReadOnly);
}
