using System.Globalization;
using System.Net;

namespace Nictune.Core.Guard;

/// <summary>
/// One configured reachability probe, run through the changed interface after a change: a TCP connect to an address
/// and port. Only an IP literal is accepted: a probe must not depend on name resolution, which may itself ride on the link.
/// </summary>
public sealed record GuardProbe(IPAddress Address, int Port)
{
    /// <summary>Reads <c>HOST:PORT</c> (<c>192.0.2.1:22</c>, <c>[2001:db8::1]:443</c>); null when it is not one.</summary>
    public static GuardProbe? TryParse(string? text) =>
        IPEndPoint.TryParse(text ?? string.Empty, out var endpoint) && endpoint.Port > 0 && (text ?? string.Empty).Contains(':', StringComparison.Ordinal)
            && (endpoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || text!.StartsWith('['))
            ? new GuardProbe(endpoint.Address, endpoint.Port)
            : null;

    public override string ToString() => new IPEndPoint(Address, Port).ToString();

    /// <summary>The probe as the evidence names it.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"tcp {this}");
}
