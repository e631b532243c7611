using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// A confirmation that arrives after the agent reverted the change: a wrapper for the module's <c>nictune_path</c> that
/// runs the real CLI, but holds a <c>confirm</c> back until the agent's status reads OUTCOME_UNCONFIRMED_REVERTED (polled
/// every 0.5 s, at most 600 times). The agent stays reachable throughout, so the confirmation is refused because the
/// transaction is final, as when the guard or the deadline reverted it before the confirmation got there.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class LateConfirmation
{
    /// <summary>Writes the wrapper into <paramref name="directory"/> for the agent at <paramref name="socket"/>; its path.</summary>
    public static string Write(string directory, string socket)
    {
        var path = Path.Join(directory, "nictune-late-confirm");
        File.WriteAllText(path, $"""
            #!/bin/sh
            if [ "$1" = confirm ]; then
              i=0
              until [ $i -ge 600 ] || '{NictuneBinary.Path}' status --json --target 'unix://{socket}' | grep -q OUTCOME_UNCONFIRMED_REVERTED; do
                i=$((i+1)); sleep 0.5
              done
            fi
            exec '{NictuneBinary.Path}' "$@"

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }
}
