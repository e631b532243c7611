using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon;

internal static class SystemdNotifierExtensions
{
    /// <summary>
    /// Sends one message when systemd gave us a socket. <see cref="SystemdNotifier.Notify"/> throws when the socket is
    /// gone (systemd restarting, a stale $NOTIFY_SOCKET); a lost notification must never take the daemon down, so it
    /// is logged instead.
    /// </summary>
    public static void TryNotify(this ISystemdNotifier notifier, ServiceState state, ILogger logger)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        try
        {
            notifier.Notify(state);
        }
        catch (SocketException e)
        {
            AgentLog.NotifyFailed(logger, state.ToString().ReplaceLineEndings(" "), e.SocketErrorCode.ToString());
        }
    }
}
