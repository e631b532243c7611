namespace Nictune.Linux.Ethtool;

/// <summary>ETHTOOL_GDRVINFO: what <c>ethtool -i</c> prints. Empty strings where the driver reports nothing.</summary>
public sealed record DriverInfo(string Driver, string Version, string FirmwareVersion, string BusInfo);
