using System.Globalization;

namespace Nictune.Protocol.Api;

/// <summary>
/// Who is calling: the peer's credentials on the Unix socket (read once per connection with SO_PEERCRED and
/// SO_PEERGROUPS), or the subject of the client certificate on a TLS connection. Used for authorization and audit.
/// </summary>
public sealed record CallerIdentity
{
    /// <summary>A caller nothing is known about (a plaintext TCP connection, or credentials that could not be read).</summary>
    public static CallerIdentity Anonymous { get; } = new() { Transport = "tcp" };

    /// <summary><c>unix</c> or <c>tcp</c>.</summary>
    public required string Transport { get; init; }

    public int? Pid { get; init; }

    public uint? Uid { get; init; }

    public uint? Gid { get; init; }

    /// <summary>The peer's supplementary groups (SO_PEERGROUPS); empty when the kernel could not tell.</summary>
    public IReadOnlyList<uint> Groups { get; init; } = [];

    /// <summary>The client certificate's subject, as the TLS handshake validated it.</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>The remote address of a TCP caller.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>
    /// The server's id of the connection the call came over (Kestrel's, one per accepted connection; never anything the
    /// client sent): a confirmation must come over another connection than the change it confirms.
    /// </summary>
    public string? Connection { get; init; }

    public bool IsInGroup(uint gid) => Gid == gid || Groups.Contains(gid);

    /// <summary>How the audit log names the caller: <c>uid=0 pid=1234</c> or <c>subject="CN=ops" from 10.0.0.5</c>.</summary>
    public override string ToString()
    {
        if (Uid is { } uid)
        {
            return string.Create(CultureInfo.InvariantCulture, $"uid={uid} gid={Gid} pid={Pid}");
        }

        var from = RemoteAddress is null ? string.Empty : " from " + RemoteAddress;
        return CertificateSubject is null ? $"anonymous {Transport}{from}" : $"subject=\"{CertificateSubject}\"{from}";
    }
}
