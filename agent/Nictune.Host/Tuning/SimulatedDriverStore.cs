using System.Globalization;
using Nictune.Core.Classification;
using Nictune.Core.Model;
using Nictune.Core.Tuning;

namespace Nictune.Host.Tuning;

#if NICTUNE_FAULT_HOOK
using Nictune.Tests.Simulators;

/// <summary>
/// A test hook, compiled only into test builds (like <see cref="SimulatedRingStore"/>; never the Release publish we
/// ship), and used only when <see cref="Variable"/> names a file: the interfaces it lists are the driver simulators
/// of tests/Nictune.Tests/Simulators instead of what the kernel has, so that the scenarios the guest runs on the real
/// drivers (tests/Nictune.IntegrationTests/Guest/driver-rules-scenarios.sh) run unchanged in a network namespace whose
/// interfaces are veths, and the two runs can be compared row by row (docs/testing-guest.md).
/// </summary>
/// <remarks>
/// The file is a journal of driver requests. <c>nic DEVICE DRIVER [PAIRS MAX]</c> lines declare the devices, as the
/// guest has them: vmxnet3 (revision 1, 2 queues), e1000, e1000e, virtio_net (queue pairs in use and the maximum).
/// Every request since is appended: <c>set DEVICE SETTING VALUE</c>, <c>group DEVICE SETTING VALUE …</c> (one
/// grouped request) and <c>mtu DEVICE N</c> (the interface's MTU, when it changed behind the agent; a test that appends a
/// request writes the MTU it has first, so the request replays at that MTU). Each access replays the
/// journal into fresh simulators, so every process, and a test that appends a request, sees one device. After each
/// request the devices' state goes to the file named with <c>.now</c>: the simulators' snapshot lines
/// (<c>DEVICE SETTING=VALUE[/MAX]</c>, <c>-</c> for a setting the device lacks) and <c>DEVICE link-resets=N</c>.
/// </remarks>
internal sealed class SimulatedDriverStore(ISettingStore inner, string path) : ISettingStore
{
    public const string Variable = "NICTUNE_TEST_DRIVERS";

    private static readonly Lock Gate = new();

    public static ISettingStore WrapIfRequested(ISettingStore store) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } file ? new SimulatedDriverStore(store, file) : store;

    /// <summary>The simulated interfaces as the guest's discovery shows them: driver, class, queues, a PCI device.</summary>
    public SystemInventory Describe(SystemInventory inventory)
    {
        var nics = Replay();
        return inventory with
        {
            Interfaces = [.. inventory.Interfaces.Select(nic => nics.TryGetValue(nic.Name, out var sim)
                ? sim.ToInterface(ClassOf(sim.Driver), nic.LocalCpus) with
                {
                    Mtu = nic.Mtu,
                    OperState = nic.OperState,
                    IfIndex = nic.IfIndex,
                    Mac = nic.Mac,
                    TxQueueLen = nic.TxQueueLen,
                    Bus = "pci",
                    DevicePath = "/sys/devices/simulated/" + nic.Name,
                }
                : nic)],
        };
    }

    public SettingReading Read(SettingKey key) =>
        Replay() is var nics && Simulated(key, nics) is { } nic ? nic.Read(key.Name) : inner.Read(key);

    public void Write(SettingKey key, string value)
    {
        lock (Gate)
        {
            var nics = Replay();
            if (Simulated(key, nics) is not { } nic)
            {
                inner.Write(key, value);
                return;
            }

            Append(nics, $"set {key.Target} {key.Name} {Word(key, value)}", () => nic.Write(key, value));
        }
    }

    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        lock (Gate)
        {
            var nics = Replay();
            if (settings.Count > 0 && Simulated(settings[0].Key, nics) is { } nic && settings.All(s => Simulated(s.Key, nics) == nic))
            {
                var request = string.Join(' ', settings.Select(s => $"{s.Key.Name} {Word(s.Key, s.Value)}"));
                Append(nics, $"group {nic.Name} {request}", () => nic.WriteTogether(settings));
                return;
            }

            if (settings.All(s => Simulated(s.Key, nics) is null))
            {
                inner.WriteTogether(settings);
                return;
            }
        }

        foreach (var (key, value) in settings)
        {
            Write(key, value);
        }
    }

    public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

    public IDisposable ReadPass() => inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => Simulated(key, Replay()) is null ? inner.WriteRefusal(key) : null;

    private static NicClass ClassOf(string driver) =>
        driver is DriverNames.E1000 or DriverNames.E1000e ? NicClass.Emulated : NicClass.Paravirtual;

    private static SimulatedNic? Simulated(SettingKey key, Dictionary<string, SimulatedNic> nics) =>
        key.Scope == SettingScope.Interface && nics.TryGetValue(key.Target, out var nic) ? nic : null;

    /// <summary>A journal field: a value with white space in it is no value any of these drivers takes.</summary>
    private static string Word(SettingKey key, string value) =>
        value.Length > 0 && !value.Any(char.IsWhiteSpace) ? value : throw new SettingWriteException(key, Errnos.EINVAL, $"'{value}' is not one word");

    /// <summary>Journals a request, then makes it; the snapshot is written whether the driver took it or not.</summary>
    private void Append(Dictionary<string, SimulatedNic> nics, string line, Action request)
    {
        File.AppendAllLines(path, [line]);
        try
        {
            request();
        }
        finally
        {
            WriteSnapshot(nics);
        }
    }

    /// <summary>The devices as the journal leaves them; an MTU that changed since is journaled first.</summary>
    private Dictionary<string, SimulatedNic> Replay()
    {
        lock (Gate)
        {
            var nics = new Dictionary<string, SimulatedNic>(StringComparer.Ordinal);
            var mtus = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var line in File.ReadAllLines(path))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 3)
                {
                    continue;
                }

                if (f[0] == "nic")
                {
                    nics[f[1]] = Create(f);
                    mtus[f[1]] = 1500;
                    continue;
                }

                if (!nics.TryGetValue(f[1], out var nic))
                {
                    continue;
                }

                try
                {
                    switch (f[0])
                    {
                        case "set":
                            nic.Write(SettingKey.Interface(f[1], f[2]), f.Length > 3 ? f[3] : string.Empty);
                            break;
                        case "group":
                            nic.WriteTogether([.. f.Skip(2).Chunk(2).Select(p => KeyValuePair.Create(SettingKey.Interface(f[1], p[0]), p.Length > 1 ? p[1] : string.Empty))]);
                            break;
                        case "mtu" when Number(f[2]) != mtus[f[1]]:
                            mtus[f[1]] = Number(f[2]);
                            (nic as Vmxnet3Simulator)?.SetMtu(mtus[f[1]]);
                            break;
                    }
                }
                catch (SettingWriteException)
                {
                    // The driver refused it when it was made, and refuses it again: nothing changed.
                }
            }

            var changed = false;
            foreach (var (name, nic) in nics)
            {
                if (LiveMtu(name) is { } mtu && mtu != mtus[name])
                {
                    File.AppendAllLines(path, [string.Create(CultureInfo.InvariantCulture, $"mtu {name} {mtu}")]);
                    (nic as Vmxnet3Simulator)?.SetMtu(mtu);
                    changed = true;
                }
            }

            if (changed || !File.Exists(path + ".now"))
            {
                WriteSnapshot(nics);
            }

            return nics;
        }
    }

    private static SimulatedNic Create(string[] f)
    {
        var cpus = Environment.ProcessorCount;
        return f[2] switch
        {
            DriverNames.Vmxnet3 => new Vmxnet3Simulator(f[1], revision: 1, queues: 2, cpuCount: cpus),
            DriverNames.E1000 => E1000Simulator.E1000(f[1]),
            DriverNames.E1000e => E1000Simulator.E1000e(f[1]),
            DriverNames.VirtioNet => new VirtioNetSimulator(f[1], Number(f[3]), Number(f[4]), cpuCount: cpus),
            _ => throw new InvalidDataException($"{Variable}: no simulator for driver '{f[2]}'"),
        };
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int? LiveMtu(string nic) =>
        File.Exists($"/sys/class/net/{nic}/mtu") ? Number(File.ReadAllText($"/sys/class/net/{nic}/mtu").Trim()) : null;

    private void WriteSnapshot(Dictionary<string, SimulatedNic> nics)
    {
        var temporary = path + ".now.tmp";
        File.WriteAllText(temporary, string.Concat(nics.Values.Select(n =>
            n.Snapshot() + string.Create(CultureInfo.InvariantCulture, $"{n.Name} link-resets={n.LinkResets}\n"))));
        File.Move(temporary, path + ".now", overwrite: true);
    }
}
#endif
