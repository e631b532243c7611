namespace Nictune.Core.Statistics;

/// <summary>
/// The common families that drivers' own ethtool statistics are mapped into (docs/metrics.md, "Driver counters").
/// Each driver names these differently, and most drivers have only some of them.
/// </summary>
public enum DriverCounter
{
    /// <summary>Packets the device dropped because the receive ring had no free buffer: the signal for a larger rx ring.</summary>
    RxOutOfBuffer,

    /// <summary>The driver could not allocate a receive buffer (memory pressure), so a ring slot stayed empty.</summary>
    RxBufferAllocationFailures,

    /// <summary>The transmit ring was full and the queue had to stop.</summary>
    TxRingFull,

    /// <summary>Received packets the driver itself dropped.</summary>
    RxDriverDropped,

    /// <summary>Packets to send that the driver itself dropped.</summary>
    TxDriverDropped,

    /// <summary>ENA: packets shaped or dropped because an EC2 instance allowance was exceeded (see <see cref="MappedStatistic.Allowance"/>).</summary>
    AllowanceExceeded,
}
