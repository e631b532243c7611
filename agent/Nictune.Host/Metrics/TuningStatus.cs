using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>The daemon's tuning state as the metrics read it at scrape time: replaced whole after every pass.</summary>
internal sealed class TuningStatus
{
    private TuningSnapshot _current = TuningSnapshot.Empty;

    public TuningSnapshot Current => Volatile.Read(ref _current);

    public void Publish(TuningSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
