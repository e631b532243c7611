using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Issue 24 §2: the wire carries every status the engine has, so <c>nictune apply</c> through the agent prints what
/// <c>apply --local</c> prints for the same transaction, byte for byte.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApiCliParityTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    /// <summary>The fault hook's own stderr line: the one line only the local run prints (the agent's goes to its log).</summary>
    private const string HookLine = "nictune: fault hook:";

    [Fact]
    public void Apply_through_the_agent_prints_what_apply_local_prints_an_interface_gone_mid_transaction_included()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        // A third pair the profile matches (vt*), deleted while the transaction is held after its first write: its
        // settings end "gone", a status the wire once sent as NOT_ATTEMPTED.
        ns.AddVethPair("vtg0", "vtg1");
        ns.WriteProfile("idle", "name: idle\n");
        var before = ns.Snapshot();

        var applying = ns.Start(["apply", "--local", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir], faultHook: "1:3000");
        var local = HeldApply(ns, applying, applying, out var localExit);

        // The same starting state again: the pair back as new, everything else as it was.
        ns.AddVethPair("vtg0", "vtg1");
        var rollback = ns.Nictune("rollback", "--local", "--state-dir", ns.StateDir);
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        Assert.Equal(before, ns.Snapshot());

        // The agent enforces a profile that manages nothing, so its first write is the apply's.
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h").Replace($"profile: {DaemonNamespace.ProfileName}", "profile: idle", StringComparison.Ordinal)), faultHook: "1:3000");
        ns.Notify.WaitFor("READY=1", Boot);
        var client = ns.Start(["apply", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir, "--target", "unix://" + ns.ApiSocket]);
        var through = HeldApply(ns, agent, client, out var throughExit);

        Assert.Contains(" gone ", local, StringComparison.Ordinal);
        Assert.Equal(localExit, throughExit);
        Assert.Equal(local, through);
    }

    /// <summary>
    /// Waits for <paramref name="writer"/> (the process whose store has the fault hook) to pause after its first write,
    /// deletes vtg0 (and its peer) while it is frozen, and returns what <paramref name="printer"/> printed, without the hook's line.
    /// </summary>
    private static string HeldApply(DaemonNamespace ns, AgentProcess writer, AgentProcess printer, out int exitCode)
    {
        writer.WaitForLine("fault hook: paused after write 1", Boot);
        using (writer.Freeze())
        {
            ns.Namespace.CheckExec("ip", "link", "del", "vtg0");
        }

        exitCode = printer.WaitForExit(Boot);
        return string.Join('\n', printer.Output.Split('\n').Where(l => !l.StartsWith(HookLine, StringComparison.Ordinal))) + "\nexit " + exitCode.ToString(CultureInfo.InvariantCulture);
    }
}
