namespace Nictune.Core.Adaptive;

/// <summary>
/// One reading of an interface's receive counters (cumulative, as the kernel keeps them).
/// </summary>
/// <param name="Time">When they were read.</param>
/// <param name="RxPackets">rx_packets of IFLA_STATS64.</param>
/// <param name="RxMissed">rx_missed_errors: the NIC had no host buffer.</param>
/// <param name="RxFifo">rx_fifo_errors.</param>
/// <param name="OutOfBuffer">The driver's rx out-of-buffer counter (nictune_rx_out_of_buffer_total); null when the driver has none.</param>
public readonly record struct DropSample(DateTimeOffset Time, long RxPackets, long RxMissed, long RxFifo, long? OutOfBuffer)
{
    /// <summary>
    /// Ring-exhaustion drops between <paramref name="earlier"/> and this sample. Drivers fold their out-of-buffer
    /// counter into rx_missed_errors (mlx5 does), so the two are not added: the larger of the driver's counter and
    /// the link's missed + fifo counts.
    /// </summary>
    public long DropsSince(DropSample earlier)
    {
        var link = (RxMissed - earlier.RxMissed) + (RxFifo - earlier.RxFifo);
        var driver = OutOfBuffer is { } now && earlier.OutOfBuffer is { } then ? now - then : 0;
        return Math.Max(link, driver);
    }

    /// <summary>True when any counter went backwards: the device was re-created or its driver reset its statistics.</summary>
    public bool IsResetSince(DropSample earlier) =>
        RxPackets < earlier.RxPackets || RxMissed < earlier.RxMissed || RxFifo < earlier.RxFifo
        || (OutOfBuffer is { } now && earlier.OutOfBuffer is { } then && now < then)
        || OutOfBuffer.HasValue != earlier.OutOfBuffer.HasValue;
}
