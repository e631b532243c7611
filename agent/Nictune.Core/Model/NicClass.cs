using System.Text.Json.Serialization;

namespace Nictune.Core.Model;

/// <summary>The driver class of an interface: decides which profile rule family applies.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NicClass>))]
public enum NicClass
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("paravirtual")] Paravirtual,
    [JsonStringEnumMemberName("emulated")] Emulated,
    [JsonStringEnumMemberName("sriov-vf")] SriovVf,
    [JsonStringEnumMemberName("passthrough-pf")] PassthroughPf,
    [JsonStringEnumMemberName("physical")] Physical,
    [JsonStringEnumMemberName("software")] Software,
}
