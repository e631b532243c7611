using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// Issue 22's "simulators follow the drivers": driver-rules-scenarios.sh runs unchanged on the real drivers in the
/// guest and, on the host, on the simulators (tests/Nictune.Tests/Simulators) that the test build of nictune serves
/// as the guest's NICs in a network namespace (NICTUNE_TEST_DRIVERS; agent/Nictune.Host/Tuning/SimulatedDriverStore).
/// The two runs' rows (<see cref="ScenarioRows"/>) must agree for each driver; where they do not, the simulator is
/// wrong.
/// </summary>
public sealed partial class QemuGuestTests
{
    /// <summary>The host's veths stand for the guest's NICs, with the same names, queues and maximums.</summary>
    private static readonly string[] SimulatedNics = ["eth0 vmxnet3", "eth1 e1000", "eth2 e1000e", "eth3 virtio_net 2 4", "eth4 virtio_net 1 1"];

    /// <summary>Generous: each of the script's nictune runs starts the JIT-compiled test build, seconds on a loaded machine.</summary>
    private static readonly TimeSpan SimulatorTimeout = TimeSpan.FromMinutes(10);

    private static readonly Lazy<string> SimulatorRun = new(RunOnSimulators, LazyThreadSafetyMode.ExecutionAndPublication);

    [Theory]
    [InlineData("vmxnet3")]
    [InlineData("e1000")]
    [InlineData("e1000e")]
    [InlineData("virtio_net")]
    public void The_simulator_and_the_real_driver_agree_on_every_row_of_the_driver_rules_scenarios(string driver)
    {
        var simulator = ScenarioRows.Of(SimulatorRun.Value, driver);
        var real = ScenarioRows.Of(DriverRulesOutput(), driver);

        Assert.NotEmpty(real);
        var diff = ScenarioRows.Diff(real, simulator);
        if (diff.Length > 0)
        {
            var kept = Directory.CreateTempSubdirectory("nictune-disagreement-").FullName;
            File.WriteAllText(Path.Join(kept, "guest.out"), DriverRulesOutput());
            File.WriteAllText(Path.Join(kept, "simulator.out"), SimulatorRun.Value);
            Assert.Fail($"{driver}: the simulator disagrees with the real driver (kernel 6.1, QEMU 7.2) on these rows (both outputs are in {kept}):\n{diff}");
        }
    }

    /// <summary>The scenarios on the simulators: the test build of nictune in a namespace of veths named like the guest's NICs.</summary>
    private static string RunOnSimulators()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        Prerequisite.RequireTool("bash");
        using var ns = NetNamespace.Create("nt-sim");
        var names = SimulatedNics.Select(n => n.Split(' ')[0]).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            ns.AddVethPair(names[i], $"peer{i}");
        }

        var directory = Directory.CreateTempSubdirectory("nictune-simulators-");
        try
        {
            var journal = Path.Join(directory.FullName, "drivers");
            File.WriteAllLines(journal, SimulatedNics.Select(n => "nic " + n));
            var run = ns.Exec(["bash", DriverRulesScript], new Dictionary<string, string?>
            {
                ["NICTUNE"] = NictuneBinary.FaultHookPath,
                ["NICTUNE_TEST_DRIVERS"] = journal,
                ["VMX"] = names[0],
                ["E1000"] = names[1],
                ["E1000E"] = names[2],
                ["VIRTIO"] = names[3],
                ["VIRTIO1"] = names[4],
            }, SimulatorTimeout);
            Assert.True(run.ExitCode == 0, $"the scenarios on the simulators exited {run.ExitCode}:\n{run.Stderr}");
            return run.Stdout;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
