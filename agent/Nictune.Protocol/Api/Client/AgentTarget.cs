namespace Nictune.Protocol.Api.Client;

/// <summary>
/// Where a client finds an agent: <c>unix:///run/nictune/nictune.sock</c> (the default) or <c>https://host:port</c>
/// with a client certificate (<c>--cert</c>, <c>--key</c>) and the CA that signed the agent's certificate
/// (<c>--ca</c>). One target is one connection; nothing here is global, so a fleet tool can hold many.
/// </summary>
public sealed record AgentTarget
{
    public const string DefaultSocket = "/run/nictune/nictune.sock";

    public static AgentTarget Default { get; } = new() { SocketPath = DefaultSocket };

    /// <summary>Set for a Unix socket target.</summary>
    public string? SocketPath { get; init; }

    /// <summary>Set for a TCP target (https, or http for an agent with <c>api.insecure: true</c>).</summary>
    public Uri? Address { get; init; }

    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    public string? CaFile { get; init; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <exception cref="FormatException">The target is neither <c>unix:///path</c> nor an http(s) URL with a port.</exception>
    public static AgentTarget Parse(string value, string? certificate = null, string? key = null, string? ca = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = value["unix://".Length..];
            if (path.Length < 2 || path[0] != '/')
            {
                throw new FormatException($"--target {value}: a socket target is unix:///absolute/path");
            }

            return new AgentTarget { SocketPath = path };
        }

        if (value.StartsWith('/'))
        {
            return new AgentTarget { SocketPath = value };
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.IsDefaultPort || uri.AbsolutePath != "/")
        {
            throw new FormatException($"--target {value}: expected unix:///path or https://host:port");
        }

        if (uri.Scheme == "https" && (certificate is null || key is null || ca is null))
        {
            throw new FormatException($"--target {value}: an https target needs --cert, --key and --ca (the agent requires a client certificate)");
        }

        return new AgentTarget { Address = uri, CertificateFile = certificate, KeyFile = key, CaFile = ca };
    }

    public override string ToString() => SocketPath is { } path ? "unix://" + path : Address!.ToString();
}
