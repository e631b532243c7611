namespace Nictune.Tests.Simulators;

/// <summary>A clock that advances one second per reading, so transaction times are deterministic.</summary>
internal sealed class FixedTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now = _now.AddSeconds(1);
        return now;
    }
}
