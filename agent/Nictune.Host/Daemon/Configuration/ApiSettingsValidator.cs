using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// The rules of the <c>api:</c> section, each failure naming its key. TCP needs TLS with client certificates
/// (certificate, key and client-ca that load) unless <c>insecure: true</c> is set explicitly.
/// </summary>
public static class ApiSettingsValidator
{
    public static void Check(ApiConfigOptions options, List<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        if (options.Socket is { Length: > 0 } socket && (socket[0] != '/' || socket.Contains('\0', StringComparison.Ordinal) || socket.EndsWith('/')))
        {
            problems.Add(new("api:socket", $"'{socket}' is not an absolute path to a socket file (\"\" turns the socket off)"));
        }
        else if (options.Socket is { Length: > 107 } longPath)
        {
            problems.Add(new("api:socket", $"'{longPath}' is longer than a Unix socket address can be (107 bytes)"));
        }

        if (options.SocketGroup is not { Length: > 0 } group || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            problems.Add(new("api:socket-group", $"'{options.SocketGroup}' is not a group name"));
        }

        for (var i = 0; i < options.Listen.Count; i++)
        {
            if (!TryParseEndpoint(options.Listen[i], out _))
            {
                problems.Add(new($"api:listen:{i}", $"'{options.Listen[i]}' is not address:port (e.g. 0.0.0.0:50051, [::1]:50051)"));
            }
        }

        if (!TryParseBool(options.Insecure, out var insecure))
        {
            problems.Add(new("api:insecure", $"'{options.Insecure}' is not true or false"));
        }

        if (!int.TryParse(options.EventsBuffer, NumberStyles.None, CultureInfo.InvariantCulture, out var buffer) || buffer < ApiSettings.MinEventsBuffer || buffer > ApiSettings.MaxEventsBuffer)
        {
            problems.Add(new("api:events-buffer", $"'{options.EventsBuffer}' is not a number of events in {ApiSettings.MinEventsBuffer}..{ApiSettings.MaxEventsBuffer}"));
        }

        for (var i = 0; i < options.Allow.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Allow[i]))
            {
                problems.Add(new($"api:allow:{i}", "an empty subject"));
            }
        }

        if (options.Listen.Count > 0 && !insecure)
        {
            CheckTls(options.Tls, problems);
        }
    }

    public static ApiSettings ToSettings(ApiConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var insecure = TryParseBool(options.Insecure, out var parsed) && parsed;
        var endpoints = options.Listen.Select(l => TryParseEndpoint(l, out var e) ? e! : throw new ArgumentException(l, nameof(options))).ToList();
        var tls = endpoints.Count > 0 && !insecure;
        return new ApiSettings(
            options.Socket is { Length: > 0 } socket ? socket : null,
            options.SocketGroup!,
            endpoints,
            tls ? options.Tls.Certificate : null,
            tls ? options.Tls.Key : null,
            tls ? options.Tls.ClientCa : null,
            options.Allow.ToHashSet(StringComparer.Ordinal),
            insecure,
            int.Parse(options.EventsBuffer!, CultureInfo.InvariantCulture));
    }

    private static void CheckTls(ApiTlsOptions tls, List<ConfigProblem> problems)
    {
        var missing = new List<string>();
        if (tls.Certificate is not { Length: > 0 })
        {
            missing.Add("certificate");
        }

        if (tls.Key is not { Length: > 0 })
        {
            missing.Add("key");
        }

        if (tls.ClientCa is not { Length: > 0 })
        {
            missing.Add("client-ca");
        }

        if (missing.Count > 0)
        {
            problems.Add(new("api:listen", $"a TCP listener needs TLS: set api.tls.{string.Join(", api.tls.", missing)} (or api.insecure: true for plaintext, which lets anyone who can connect change the tuning)"));
            return;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(tls.Certificate!, tls.Key);
            if (!certificate.HasPrivateKey)
            {
                problems.Add(new("api:tls:key", $"'{tls.Key}' holds no private key for the certificate"));
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problems.Add(new("api:tls:certificate", $"cannot load '{tls.Certificate}' with key '{tls.Key}': {e.Message}"));
        }

        try
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.ClientCa!);
            if (authorities.Count == 0)
            {
                problems.Add(new("api:tls:client-ca", $"'{tls.ClientCa}' holds no certificate"));
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add(new("api:tls:client-ca", $"cannot load '{tls.ClientCa}': {e.Message}"));
        }
    }

    private static bool TryParseEndpoint(string? value, out IPEndPoint? endpoint)
    {
        endpoint = null;
        return value is { Length: > 0 } && IPEndPoint.TryParse(value, out endpoint) && endpoint.Port > 0 && value.Contains(':', StringComparison.Ordinal)
            && (endpoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || value.StartsWith('['));
    }

    private static bool TryParseBool(string? value, out bool result)
    {
        result = false;
        switch (value)
        {
            case "true":
                result = true;
                return true;
            case "false":
                return true;
            default:
                return false;
        }
    }
}
