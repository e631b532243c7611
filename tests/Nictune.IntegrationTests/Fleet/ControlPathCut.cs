using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// A control path that breaks with the change: a wrapper for the module's <c>nictune_path</c> that runs the real CLI
/// and, after a push held pending (<c>--confirm-within</c>), moves the agent's socket aside. The agent goes on
/// listening on the moved socket, so it still reverts at its deadline, but every later call (the module's confirm and
/// status) finds no agent at the target, as a host cut off by its own change would. <see cref="Restore"/> puts it back.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ControlPathCut
{
    /// <summary>Writes the wrapper into <paramref name="directory"/> for the agent at <paramref name="socket"/>; its path.</summary>
    public static string Write(string directory, string socket)
    {
        var path = Path.Join(directory, "nictune-cut");
        File.WriteAllText(path, $"""
            #!/bin/sh
            '{NictuneBinary.Path}' "$@"
            rc=$?
            case " $* " in *" --confirm-within "*) [ $rc -eq 0 ] && mv '{socket}' '{Aside(socket)}' ;; esac
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
