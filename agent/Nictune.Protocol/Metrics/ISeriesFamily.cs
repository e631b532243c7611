namespace Nictune.Protocol.Metrics;

/// <summary>A family whose series come and go with what the kernel reports (see <see cref="SeriesFamily{TChild}"/>).</summary>
internal interface ISeriesFamily
{
    /// <summary>Removes every series not written since the last sweep: its interface, queue or CPU is gone.</summary>
    void Sweep();

    /// <summary>Removes every series of <paramref name="device"/> at once (the interface was deleted and re-created).</summary>
    void ForgetDevice(string device);
}
