using Nictune.Testing;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>Debian's promtool (package prometheus), which tests/run.sh installs.</summary>
internal static class PromtoolRunner
{
    public static ToolResult RunWithInput(string stdin, params string[] args)
    {
        Prerequisite.RequireTool("promtool");
        return Tools.Run("promtool", args, stdin, environment: null, TimeSpan.FromSeconds(60));
    }

    public static ToolResult Run(params string[] args)
    {
        Prerequisite.RequireTool("promtool");
        return Tools.Run("promtool", args, stdin: null, environment: null, TimeSpan.FromSeconds(60));
    }
}
