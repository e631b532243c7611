namespace Nictune.Protocol.Api;

/// <summary>
/// Who may call the methods whose access is <see cref="V1.Access.Mutate"/> (<see cref="MethodAccess"/>, from the
/// contract). Anyone who can connect may call the ones that read: what they show is in /sys anyway (tuned's D-Bus
/// interface does the same). On the Unix socket: uid 0, or a member of the socket group (primary or supplementary).
/// Over TCP (mutual TLS): a client certificate whose subject is in <see cref="AllowedSubjects"/>.
/// </summary>
/// <param name="SocketGroup">The group named by <c>api.socket-group</c>; shown in the PERMISSION_DENIED message.</param>
/// <param name="SocketGroupId">Its gid, or null when no such group exists on this system (then only uid 0 may mutate).</param>
/// <param name="AllowedSubjects">Certificate subjects (RFC 4514 form, as .NET prints them) allowed to mutate over TCP.</param>
public sealed record ApiAccessPolicy(string SocketGroup, uint? SocketGroupId, IReadOnlySet<string> AllowedSubjects)
{
    /// <summary>Null when <paramref name="caller"/> may mutate; otherwise the reason, for PERMISSION_DENIED.</summary>
    public string? Deny(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Uid is { } uid)
        {
            if (uid == 0 || (SocketGroupId is { } gid && caller.IsInGroup(gid)))
            {
                return null;
            }

            return SocketGroupId is null
                ? $"only root may change the agent's tuning (uid {uid}); the socket group '{SocketGroup}' does not exist on this system"
                : $"only root or members of the group '{SocketGroup}' may change the agent's tuning (uid {uid} is neither): add the user to '{SocketGroup}'";
        }

        if (caller.CertificateSubject is { } subject)
        {
            return AllowedSubjects.Contains(subject)
                ? null
                : $"the client certificate subject \"{subject}\" is not in the agent's api.allow list";
        }

        // Plaintext TCP: nothing identifies the caller. Only an explicit api.insecure: true opens mutations to it.
        return IsInsecureAllowed
            ? null
            : "the caller has neither peer credentials nor a client certificate";
    }

    /// <summary>
    /// Plaintext TCP (<c>api.insecure: true</c>): nothing identifies the caller, so mutations are open to every
    /// client that can connect. The agent warns about it at every start.
    /// </summary>
    public bool IsInsecureAllowed { get; init; }
}
