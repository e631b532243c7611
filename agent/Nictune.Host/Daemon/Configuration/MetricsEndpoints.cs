using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>Parses the <c>metrics.listen</c> entries: an IP address and a port, IPv6 in brackets. Host names are refused.</summary>
public static class MetricsEndpoints
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        error = null;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not ADDRESS:PORT (e.g. 0.0.0.0:{MetricsSettings.DefaultPort} or [::]:{MetricsSettings.DefaultPort})";
            return false;
        }

        var host = text[..colon];
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed)
        {
            host = host[1..^1];
        }

        if (!IPAddress.TryParse(host, out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6) != bracketed)
        {
            error = $"'{text}': '{text[..colon]}' is not an IP address (IPv6 goes in brackets: [::1]:{MetricsSettings.DefaultPort})";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{text}': the port must be a number from 1 to 65535";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
