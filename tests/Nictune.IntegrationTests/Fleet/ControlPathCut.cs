using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// A control path that breaks with the change: a wrapper for the module's <c>nictune_path</c> that runs the real CLI
/// and, after a push held pending (<c>--confirm-within</c>), moves the agent's socket aside. The agent goes on
/// listening on the moved socket, so it still reverts at its deadline, but every later call (the module's confirm and
/// status) finds no agent at the target, as a host cut off by its own change would. <see cref="Restore"/> puts it back.
/// With <c>restoredByRevert</c> the wrapper also starts a watcher that puts the socket back once the agent, read
/// through the moved socket, has reverted the change, as the revert of a change that broke the path mends it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ControlPathCut
{
    /// <summary>Writes the wrapper into <paramref name="directory"/> for the agent at <paramref name="socket"/>; its path.</summary>
    public static string Write(string directory, string socket, bool restoredByRevert = false)
    {
        var path = Path.Join(directory, restoredByRevert ? "nictune-cut-until-revert" : "nictune-cut");
        // The watcher polls the moved socket (every 0.5 s, at most 600 times, and only while the moved socket is there)
        // until the status's last transaction reads OUTCOME_UNCONFIRMED_REVERTED, then moves the socket back.
        var watcher = restoredByRevert
            ? $$""" && { setsid sh -c 'i=0; while [ $i -lt 600 ] && [ -S "$1" ]; do "$3" status --json --target "unix://$1" | grep -q OUTCOME_UNCONFIRMED_REVERTED && exec mv "$1" "$2"; i=$((i+1)); sleep 0.5; done' watcher '{{Aside(socket)}}' '{{socket}}' '{{NictuneBinary.Path}}' </dev/null >/dev/null 2>&1 & }"""
            : string.Empty;
        File.WriteAllText(path, $"""
            #!/bin/sh
            '{NictuneBinary.Path}' "$@"
            rc=$?
            case " $* " in *" --confirm-within "*) [ $rc -eq 0 ] && mv '{socket}' '{Aside(socket)}'{watcher} ;; esac
            exit $rc

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>Whether the wrapper moved the socket aside.</summary>
    public static bool IsCut(string socket) => File.Exists(Aside(socket)) && !File.Exists(socket);

    /// <summary>Moves the socket back, so the agent can be reached again.</summary>
    public static void Restore(string socket) => File.Move(Aside(socket), socket);

    private static string Aside(string socket) => socket + ".cut";
}
