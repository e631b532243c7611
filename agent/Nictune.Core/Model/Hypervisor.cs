using System.Text.Json.Serialization;

namespace Nictune.Core.Model;

[JsonConverter(typeof(JsonStringEnumConverter<Hypervisor>))]
public enum Hypervisor
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("vmware")] VMware,
    [JsonStringEnumMemberName("kvm")] Kvm,
    [JsonStringEnumMemberName("hyperv")] HyperV,
    [JsonStringEnumMemberName("xen")] Xen,
    [JsonStringEnumMemberName("other")] Other,

    /// <summary>QEMU emulating the CPU itself (TCG): QEMU's machine without KVM underneath.</summary>
    [JsonStringEnumMemberName("qemu")] Qemu,
}
