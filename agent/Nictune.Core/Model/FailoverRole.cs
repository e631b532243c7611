using System.Text.Json.Serialization;

namespace Nictune.Core.Model;

/// <summary>The part an interface plays in an Azure (netvsc + VF) or virtio STANDBY failover pair.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailoverRole>))]
public enum FailoverRole
{
    [JsonStringEnumMemberName("master")] Master,
    [JsonStringEnumMemberName("primary")] Primary,
    [JsonStringEnumMemberName("standby")] Standby,
}
