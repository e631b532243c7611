using System.Text;

namespace Nictune.Host.Output;

/// <summary>
/// The process's stdout writer. The runtime's own Console.Out flushes every 256 bytes, one write(2) each: about 600
/// system calls for <c>detect --json</c> on 257 interfaces. This one has room for a whole report and still flushes
/// after every Write, so output appears when it is written (the daemon's log lines, a table row by row).
/// </summary>
internal static class StandardOutput
{
    private const int BufferSize = 64 * 1024;

    public static void Install()
    {
        // The console's encoding as the runtime would choose it, without a byte-order mark in front of the output.
        var encoding = Console.OutputEncoding is { CodePage: 65001 } ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) : Console.OutputEncoding;
        Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), encoding, BufferSize) { AutoFlush = true });
    }
}
