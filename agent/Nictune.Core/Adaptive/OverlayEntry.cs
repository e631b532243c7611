namespace Nictune.Core.Adaptive;

/// <summary>
/// One applied adaptive value, kept over restarts on top of the active profile (docs/adaptive.md, "Persistence").
/// </summary>
/// <param name="Device">The interface.</param>
/// <param name="Setting">The setting (<c>ring.rx</c>).</param>
/// <param name="Value">The value adaptive grew it to, as the driver held it.</param>
/// <param name="Profile">The profile that was active when it grew.</param>
/// <param name="Base">What that profile's rule asked for (<c>1024</c>, <c>max</c>): the overlay applies while the
/// active profile still asks for this on this device.</param>
/// <param name="At">When it was applied.</param>
/// <param name="DropsPerSecond">The rate that led to it.</param>
public sealed record OverlayEntry(string Device, string Setting, long Value, string Profile, string Base, DateTimeOffset At, double DropsPerSecond);
