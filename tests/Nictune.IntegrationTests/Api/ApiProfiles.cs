namespace Nictune.IntegrationTests.Api;

/// <summary>Profile documents the API tests push.</summary>
internal static class ApiProfiles
{
    /// <summary>Differs from the namespace's e2e profile in txqueuelen (7000) and somaxconn (4096) only.</summary>
    public const string Pushed = """
        name: pushed-e2e
        description: pushed through the API by a test
        sysctl:
          net.core.somaxconn: 4096
          net.ipv4.tcp_slow_start_after_idle: 0
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            features: { gro: on, tso: off }
            channels: { rx: 2, tx: 2 }
            txqueuelen: 7000
        """;

    /// <summary>Twenty distinct problems, each on its own line, that the parser must all report.</summary>
    public static string TwentyErrors()
    {
        var lines = new List<string> { "name: broken", "interfaces:" };
        for (var i = 0; i < 20; i++)
        {
            lines.Add($"  - match: {{ name: \"x{i}\" }}");
            lines.Add($"    txqueuelen: lots{i}");
        }

        return string.Join('\n', lines) + "\n";
    }
}
