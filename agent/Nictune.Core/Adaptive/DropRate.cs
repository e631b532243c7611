using System.Globalization;

namespace Nictune.Core.Adaptive;

/// <summary>Ring-exhaustion drops over a span of time.</summary>
/// <param name="PerSecond">Drops per second over the whole span.</param>
/// <param name="Fraction">Drops divided by the packets that arrived (received plus dropped); 0 when nothing arrived.</param>
/// <param name="LowerHalfPerSecond">The lower of the two halves' rates: a burst that stopped is not sustained.</param>
/// <param name="Span">The time the samples cover.</param>
public readonly record struct DropRate(double PerSecond, double Fraction, double LowerHalfPerSecond, TimeSpan Span)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PerSecond:0.##} drops/s ({Fraction:0.######} of packets) over {Span.TotalSeconds:0}s");
}
