namespace Nictune.Core.Classification;

/// <summary>
/// What the guest can see of its hypervisor (docs/drivers.md §3). Every field is optional: a missing file is null.
/// </summary>
/// <param name="CpuHypervisorFlag">The <c>hypervisor</c> flag in /proc/cpuinfo (x86 only).</param>
/// <param name="SysVendor">/sys/class/dmi/id/sys_vendor.</param>
/// <param name="ProductName">/sys/class/dmi/id/product_name.</param>
/// <param name="ChassisAssetTag">/sys/class/dmi/id/chassis_asset_tag.</param>
/// <param name="HypervisorType">/sys/hypervisor/type (only Xen fills it).</param>
/// <param name="Clocksources">
/// /sys/devices/system/clocksource/clocksource0/available_clocksource: paravirtual clocks name their hypervisor
/// when there is no DMI (microVMs such as Firecracker have none).
/// </param>
public sealed record HypervisorEvidence(
    bool CpuHypervisorFlag = false,
    string? SysVendor = null,
    string? ProductName = null,
    string? ChassisAssetTag = null,
    string? HypervisorType = null,
    string? Clocksources = null);
