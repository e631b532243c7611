using System.Diagnostics;

namespace Nictune.Testing;

/// <summary>Runs real tools (ethtool, ip, sysctl, gcc, …) and captures what they print.</summary>
public static class Tools
{
    private static readonly string[] ExtraPaths = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static string? Find(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(ExtraPaths).Select(dir => Path.Join(dir, tool)).FirstOrDefault(File.Exists);
    }

    public static ToolResult Run(string tool, params string[] args) => Run(tool, args, stdin: null, environment: null);

    public static ToolResult Run(string tool, IEnumerable<string> args, string? stdin, IDictionary<string, string?>? environment, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Find(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in time");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a tool and fails the test with its stderr when it exits non-zero.</summary>
    public static string Check(string tool, params string[] args)
    {
        var result = Run(tool, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        }

        return result.Stdout;
    }
}

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
