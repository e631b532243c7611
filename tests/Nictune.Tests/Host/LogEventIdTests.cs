using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// Every [LoggerMessage] of the agent's assemblies has an explicit event id (without one the generator hashes the
/// name into ids like 500476810), no two share one, and each <c>*Log</c> class keeps to a range of its own, so an
/// operator's journal filter on an id or a range names one class's lines.
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Agent =
    [
        typeof(Nictune.Core.Transactions.TransactionEngine).Assembly,
        typeof(Nictune.Linux.IO.SystemRoot).Assembly,
        typeof(Nictune.Protocol.Metrics.TuningMetrics).Assembly,
        typeof(Nictune.Host.Tuning.EngineTuner).Assembly,
    ];

    private static List<(Type Class, string Method, int Id)> Messages() =>
    [
        .. Agent.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => (Class: t, m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(m => m.Attribute is not null)
                .Select(m => (m.Class, m.Name, m.Attribute!.EventId))),
    ];

    [Fact]
    public void The_agent_has_log_messages_to_check()
    {
        Assert.True(Messages().Select(m => m.Class).Distinct().Count() >= 7);
    }

    [Fact]
    public void Every_log_message_has_an_explicit_event_id()
    {
        Assert.Empty(Messages().Where(m => m.Id <= 0).Select(m => $"{m.Class.Name}.{m.Method}"));
    }

    [Fact]
    public void No_two_log_messages_share_an_event_id()
    {
        var shared = Messages().GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Class.Name}.{m.Method}"))}");
        Assert.Empty(shared);
    }

    [Fact]
    public void Each_log_class_keeps_to_a_range_of_its_own()
    {
        var ranges = Messages().GroupBy(m => m.Class)
            .Select(g => (Class: g.Key.Name, Low: g.Min(m => m.Id), High: g.Max(m => m.Id)))
            .OrderBy(r => r.Low)
            .ToList();
        var overlaps = ranges.Zip(ranges.Skip(1)).Where(p => p.Second.Low <= p.First.High)
            .Select(p => $"{p.First.Class} {p.First.Low}–{p.First.High} and {p.Second.Class} {p.Second.Low}–{p.Second.High}");
        Assert.Empty(overlaps);
    }
}
