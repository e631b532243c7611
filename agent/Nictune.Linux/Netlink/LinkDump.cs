namespace Nictune.Linux.Netlink;

/// <summary>An RTM_GETLINK dump in progress: the replies that carry its sequence number on our port.</summary>
internal sealed class LinkDump(uint sequence, int attempt)
{
    public uint Sequence { get; } = sequence;

    /// <summary>1 for the first request; a failed or interrupted dump is asked for again with the next number.</summary>
    public int Attempt { get; } = attempt;

    public List<LinkMessage> Messages { get; } = [];

    /// <summary>Links changed, or messages were lost, while it ran: its result must not replace the table.</summary>
    public bool Interrupted { get; set; }
}
