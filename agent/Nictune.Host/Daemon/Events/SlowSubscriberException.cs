using System.Globalization;

namespace Nictune.Host.Daemon.Events;

/// <summary>An event reader fell behind by its whole buffer and was dropped, so that it cannot grow the agent's memory.</summary>
public sealed class SlowSubscriberException : Exception
{
    public SlowSubscriberException(int buffered)
        : base(string.Create(CultureInfo.InvariantCulture, $"the event reader fell {buffered} events behind and was dropped; subscribe again with 'since' to resume"))
    {
    }

    public SlowSubscriberException()
    {
    }

    public SlowSubscriberException(string message)
        : base(message)
    {
    }

    public SlowSubscriberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
