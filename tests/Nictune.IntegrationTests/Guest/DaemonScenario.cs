using System.Text.Json.Nodes;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// One run of the daemon in the guest, phase by phase (daemon-scenarios.sh): each driver's carrier after link-resetting
/// changes (before the agent starts), start, drift, a link reset behind it, the driver counters, PCI hot-plug through
/// QMP of a virtio-net and a vmxnet3 NIC, confirm-or-revert, the health guard with a link QMP takes away, and stop. Each phase's
/// output (or its failure) is kept, so each test checks its own phase; a phase that fails fails the phases after it
/// that need the agent running.
/// </summary>
internal sealed class DaemonScenario
{
    /// <summary>A phase polls with its own bound (240 s); this bounds the whole phase's run.</summary>
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(8);

    /// <summary>QMP answers at once; an ACPI unplug waits for the guest's kernel to eject the device.</summary>
    private static readonly TimeSpan QmpTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnplugTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The NICs hot-plugged: QEMU's device, the driver that binds it, the rx ring the test profile gives it.</summary>
    public static readonly IReadOnlyList<HotPlugged> HotPlugs =
    [
        new("virtio-net-pci", "virtio_net", "128"),
        new("vmxnet3", "vmxnet3", "2048"),
    ];

    private const string ScriptName = "daemon-scenarios.sh";

    private readonly QemuGuest _guest;
    private readonly GuestMachine _machine;
    private readonly string _script;
    private readonly Dictionary<string, Func<GuestSections>> _phases = new(StringComparer.Ordinal);

    private DaemonScenario(QemuGuest guest, GuestMachine machine)
    {
        _guest = guest;
        _machine = machine;
        _script = File.ReadAllText(Path.Join(GuestImage.ScriptDirectory, ScriptName));
    }

    public static DaemonScenario Run(QemuGuest guest, GuestMachine machine)
    {
        var scenario = new DaemonScenario(guest, machine);
        scenario.RunAll();
        return scenario;
    }

    /// <summary>A phase's sections; throws what made it fail, or what made the agent's start fail.</summary>
    public GuestSections this[string phase]
    {
        get
        {
            if (_phases.TryGetValue(phase, out var result))
            {
                return result();
            }

            _phases.GetValueOrDefault("start")?.Invoke();
            throw new InvalidOperationException($"the daemon scenario never ran phase {phase}");
        }
    }

    /// <summary>The hot-plug phases of one device: the wait for it to be tuned, then the wait for it to be gone.</summary>
    public static string Added(HotPlugged nic) => $"hotplug-wait-{nic.Driver}";

    public static string Gone(HotPlugged nic) => $"hotplug-gone-{nic.Driver}";

    private void RunAll()
    {
        Keep("carrier", () => Phase("carrier"));
        if (!Keep("start", () => Phase("start")))
        {
            return;
        }

        Keep("drift", () => Phase("drift"));
        Keep("reset", () => Phase("reset"));
        Keep("metrics", () => Phase("metrics"));
        for (var i = 0; i < HotPlugs.Count; i++)
        {
            HotPlug(HotPlugs[i], i);
        }

        Keep("confirm-revert", () => Phase("confirm-revert"));
        Keep("confirm-keep", () => Phase("confirm-keep"));
        Keep("guard", () =>
        {
            using var qmp = QmpClient.Connect(_guest.QmpSocket, QmpTimeout);
            return Phase(_guest, _script, "guard", string.Empty, request => SetLink(qmp, request));
        });

        Keep("stop", () => Phase("stop"));
    }

    /// <summary>
    /// device_add on the guest's PCI root (the pc machine's ACPI hot-plug), with a user-mode netdev of its own; once the
    /// agent has tuned it, device_del and the DEVICE_DELETED event (the guest's kernel ejected it).
    /// </summary>
    private void HotPlug(HotPlugged nic, int index)
    {
        var (netdev, id) = ($"hpnet{index}", $"hpnic{index}");
        string? name = null;
        using var qmp = QmpClient.Connect(_guest.QmpSocket, QmpTimeout);
        var added = Keep(Added(nic), () =>
        {
            Phase("hotplug-known");
            qmp.Execute("netdev_add", new JsonObject { ["type"] = "user", ["id"] = netdev }, QmpTimeout);
            qmp.Execute("device_add", new JsonObject { ["driver"] = nic.Device, ["netdev"] = netdev, ["id"] = id }, QmpTimeout);
            var sections = Phase("hotplug-wait", $"WANT_RX={nic.Rx}");
            name = sections.Values("added")["name"];
            return sections;
        });
        if (!added)
        {
            return;
        }

        Keep(Gone(nic), () =>
        {
            qmp.Execute("device_del", new JsonObject { ["id"] = id }, QmpTimeout);
            qmp.WaitForEvent("DEVICE_DELETED", data => (string?)data["device"] == id, UnplugTimeout);
            qmp.Execute("netdev_del", new JsonObject { ["id"] = netdev }, QmpTimeout);
            return Phase("hotplug-gone", $"OLD={name}");
        });
    }

    /// <summary>
    /// The guard phase's request <c>link DRIVER on|off</c>: QMP's <c>set_link</c> on that NIC's netdev, which QEMU passes
    /// on to the emulated NIC, whose driver then sees its link go or come back.
    /// </summary>
    private string SetLink(QmpClient qmp, string request)
    {
        var words = request.Split(' ');
        if (words is not ["link", var driver, "on" or "off"])
        {
            throw new InvalidOperationException($"the guard phase asked '{request}'");
        }

        qmp.Execute("set_link", new JsonObject { ["name"] = _machine.NetdevOf(driver), ["up"] = words[2] == "on" }, QmpTimeout);
        return "ok";
    }

    /// <summary>Runs one phase; a non-zero exit (a wait that timed out) fails it with the phase's output.</summary>
    private GuestSections Phase(string phase, string environment = "") => Phase(_guest, _script, phase, environment);

    /// <summary>Runs one phase of daemon-scenarios.sh in <paramref name="guest"/>; a non-zero exit fails it.</summary>
    internal static GuestSections Phase(QemuGuest guest, string phase, string environment = "") =>
        Phase(guest, File.ReadAllText(Path.Join(GuestImage.ScriptDirectory, ScriptName)), phase, environment);

    private static GuestSections Phase(QemuGuest guest, string script, string phase, string environment, Func<string, string>? ask = null)
    {
        var result = guest.Run($"daemon-{phase}", $"PHASE={phase}\nNICTUNE={QemuGuest.Nictune}\n{environment}\n{script}", PhaseTimeout, ask);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"daemon phase {phase} exited {result.ExitCode}:\n{result.Output}");
        }

        return new GuestSections(result.Output);
    }

    /// <summary>Keeps a phase's outcome under its name; false when it failed.</summary>
    private bool Keep(string name, Func<GuestSections> phase)
    {
        try
        {
            var sections = phase();
            _phases[name] = () => sections;
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException or IOException or KeyNotFoundException)
        {
            _phases[name] = () => throw new InvalidOperationException($"phase {name} failed", e);
            return false;
        }
    }
}

/// <param name="Device">QEMU's <c>-device</c> driver name.</param>
/// <param name="Driver">The Linux driver that binds it.</param>
/// <param name="Rx">The rx ring the test profile gives that driver's NICs.</param>
internal sealed record HotPlugged(string Device, string Driver, string Rx);
