namespace Nictune.Core.Model;

public sealed record QueueCounts(int Rx, int Tx);
