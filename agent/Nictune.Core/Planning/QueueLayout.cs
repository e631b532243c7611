using Nictune.Core.Model;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// A device's queue counts now and after a set of planned rows: per-queue rows cover the queues the device will
/// have, and a link reset can only be guarded on the queues that exist both before and after.
/// </summary>
internal readonly record struct QueueLayout(int RxNow, int TxNow, int RxAfter, int TxAfter)
{
    /// <summary>The rx queues that exist both before and after the channel change.</summary>
    public int RxKept => Math.Min(RxNow, RxAfter);

    /// <summary>The tx queues that exist both before and after the channel change.</summary>
    public int TxKept => Math.Min(TxNow, TxAfter);

    /// <param name="nic">The device.</param>
    /// <param name="rows">The device's planned rows; a channel row gives the value it leaves behind.</param>
    /// <param name="store">Read only for channel settings no row covers.</param>
    public static QueueLayout Of(NetInterface nic, IReadOnlyList<PlanRow> rows, ISettingStore store)
    {
        var rxNow = nic.Queues.Rx;
        var txNow = nic.Queues.Tx;
        if (!rows.Any(r => r.IsWrite && SettingNames.KindOf(r.Key.Name) == SettingKind.Channels))
        {
            return new QueueLayout(rxNow, txNow, rxNow, txNow);
        }

        long Channel(string name)
        {
            var key = SettingKey.Interface(nic.Name, name);
            var row = rows.FirstOrDefault(r => r.Key == key);
            var text = row is null ? store.Read(key).Value : row.IsWrite ? row.Desired : row.Current;
            return SettingValues.TryParseNumber(text, out var value) ? value : 0;
        }

        var combined = Channel(SettingNames.ChannelsCombined);
        var rxAfter = (int)(combined + Channel(SettingNames.ChannelsRx));
        var txAfter = (int)(combined + Channel(SettingNames.ChannelsTx));

        // No readable count means the channels could not be read: assume the queues stay as they are.
        return new QueueLayout(rxNow, txNow, rxAfter > 0 ? rxAfter : rxNow, txAfter > 0 ? txAfter : txNow);
    }
}
