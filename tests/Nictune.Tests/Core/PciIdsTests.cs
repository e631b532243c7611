using Nictune.Core.Classification;
using Xunit;

namespace Nictune.Tests.Core;

public sealed class PciIdsTests
{
    [Fact]
    public void Every_id_is_four_lowercase_hex_digits()
    {
        Assert.All(PciIds.All, d =>
        {
            Assert.Matches("^[0-9a-f]{4}$", d.Vendor);
            Assert.Matches("^[0-9a-f]{4}$", d.Device);
        });
    }

    [Theory]
    [InlineData("15ad", "07b0", "vmxnet3", PciDeviceKind.Paravirtual)]
    [InlineData("1af4", "1041", "virtio_net", PciDeviceKind.Paravirtual)]
    [InlineData("8086", "100f", "e1000", PciDeviceKind.Emulated)]
    [InlineData("8086", "10d3", "e1000e", PciDeviceKind.Emulated)]
    [InlineData("15b3", "1016", "mlx5_core", PciDeviceKind.VirtualFunction)]
    [InlineData("15b3", "1017", "mlx5_core", PciDeviceKind.PhysicalFunction)]
    [InlineData("14e4", "16dc", "bnxt_en", PciDeviceKind.VirtualFunction)]
    [InlineData("1d0f", "ec20", "ena", PciDeviceKind.VirtualFunction)]
    [InlineData("1d0f", "0ec2", "ena", PciDeviceKind.PhysicalFunction)]
    [InlineData("1414", "00ba", "mana", PciDeviceKind.VirtualFunction)]
    [InlineData("8086", "1889", "iavf", PciDeviceKind.VirtualFunction)]
    [InlineData("8086", "57ad", "ixgbevf", PciDeviceKind.VirtualFunction)]
    [InlineData("8086", "159b", "ice", PciDeviceKind.PhysicalFunction)]
    [InlineData("15AD", "07B0", "vmxnet3", PciDeviceKind.Paravirtual)]
    public void Looks_up_drivers_md_section_2(string vendor, string device, string driver, PciDeviceKind kind)
    {
        var known = PciIds.Lookup(vendor, device);

        Assert.NotNull(known);
        Assert.Equal(driver, known.Driver);
        Assert.Equal(kind, known.Kind);
    }

    [Fact]
    public void Unknown_id_is_null()
    {
        Assert.Null(PciIds.Lookup("1234", "5678"));
        Assert.Null(PciIds.Lookup(null, "07b0"));
    }

    [Theory]
    [InlineData("15ad", true)]
    [InlineData("1af4", true)]
    [InlineData("15d9", false)]
    [InlineData("8086", false)]
    [InlineData(null, false)]
    public void Knows_hypervisor_subsystem_vendors(string? vendor, bool expected)
    {
        Assert.Equal(expected, PciIds.IsHypervisorSubsystemVendor(vendor));
    }
}
