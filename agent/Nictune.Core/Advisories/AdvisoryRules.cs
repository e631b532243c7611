using System.Globalization;
using Nictune.Core.Classification;
using Nictune.Core.Model;

namespace Nictune.Core.Advisories;

/// <summary>
/// Turns a classified inventory into advisories. Each names either an interface or, when there is no interface
/// (an unbound device), a PCI address, never both; and says what to do.
/// </summary>
public static class AdvisoryRules
{
    /// <param name="hypervisor">The detected hypervisor.</param>
    /// <param name="interfaces">Classified interfaces (see <see cref="InterfaceClassifier"/>).</param>
    /// <param name="unbound">Network-class PCI devices without a driver.</param>
    /// <param name="onlineCpus">How many CPUs are online, or null when unknown (then no queue advice is given).</param>
    /// <param name="channelMaximum">
    /// The queue maximums an interface's driver reports (ETHTOOL_GCHANNELS), or null when unknown; asked only of the
    /// interfaces the single-queue advice is about. Null (a fixture tree) leaves every maximum unknown.
    /// </param>
    public static IReadOnlyList<Advisory> Evaluate(
        Hypervisor hypervisor,
        IReadOnlyList<NetInterface> interfaces,
        IReadOnlyList<UnboundPciDevice> unbound,
        int? onlineCpus,
        Func<string, ChannelMaximum?>? channelMaximum = null)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(unbound);

        var advisories = new List<Advisory>();
        foreach (var nic in interfaces)
        {
            if (EmulatedNic(nic, hypervisor) is { } emulated)
            {
                advisories.Add(emulated);
            }

            if (SingleQueue(nic, hypervisor, onlineCpus, channelMaximum) is { } single)
            {
                advisories.Add(single);
            }
        }

        advisories.AddRange(unbound.Select(DriverMissing));
        return advisories;
    }

    private static Advisory? EmulatedNic(NetInterface nic, Hypervisor hypervisor)
    {
        // An emulated class implies a VM even when no hypervisor signal was readable.
        if (nic.Class != NicClass.Emulated)
        {
            return null;
        }

        var model = nic.Pci is { } pci ? $"{nic.Driver ?? "unknown driver"}, {pci.Vendor}:{pci.Device}" : nic.Driver ?? "unknown driver";
        var replacement = hypervisor switch
        {
            Hypervisor.VMware => "a VMXNET3 adapter (vmxnet3)",
            Hypervisor.HyperV => "a synthetic network adapter (hv_netvsc)",
            Hypervisor.Xen => "a paravirtual vif (xen-netfront)",
            _ => "a virtio-net adapter (virtio_net)",
        };
        return new Advisory(
            AdvisoryCodes.EmulatedNic,
            Severity.Warning,
            nic.Name,
            null,
            $"{nic.Name} is an emulated NIC ({model}): every packet traps to the hypervisor and it has a single queue. " +
            $"Replace it with {replacement} in the VM configuration.");
    }

    private static Advisory? SingleQueue(NetInterface nic, Hypervisor hypervisor, int? onlineCpus, Func<string, ChannelMaximum?>? channelMaximum)
    {
        if (hypervisor == Hypervisor.None
            || onlineCpus is not > 1
            || nic.Class is not (NicClass.Paravirtual or NicClass.SriovVf)
            || nic.Driver is null
            || !DriverNames.Multiqueue.Contains(nic.Driver)
            || nic.Queues.Rx > 1
            || nic.Queues.Tx > 1)
        {
            return null;
        }

        var cpus = onlineCpus.Value;
        return new Advisory(
            AdvisoryCodes.SingleQueue,
            Severity.Info,
            nic.Name,
            null,
            $"{nic.Name} ({nic.Driver}) runs one rx and one tx queue on a VM with {Count(cpus)} CPUs, so one CPU handles all of " +
            $"its traffic. {RaiseQueues(nic.Name, cpus, channelMaximum?.Invoke(nic.Name))}");
    }

    /// <summary>What raises the queue count: the ethtool command while the device offers more, else the hypervisor.</summary>
    private static string RaiseQueues(string name, int cpus, ChannelMaximum? maximum)
    {
        const string hypervisorFirst = "give the virtual NIC more queues in the hypervisor's configuration";
        return maximum switch
        {
            null => $"See its maximum with: ethtool -l {name}. If it is above 1, raise it with: ethtool -L {name} combined N " +
                $"(N up to {Count(cpus)}); if it is 1, {hypervisorFirst} first.",
            { Combined: > 1 } m => $"Raise it with: ethtool -L {name} combined {Count(Math.Min(m.Combined, cpus))}.",
            { Rx: > 1, Tx: > 1 } m => $"Raise it with: ethtool -L {name} rx {Count(Math.Min(m.Rx, cpus))} tx {Count(Math.Min(m.Tx, cpus))}.",
            _ => $"Its device offers no more than one queue: {hypervisorFirst}.",
        };
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Advisory DriverMissing(UnboundPciDevice device)
    {
        var pci = device.Pci;
        var id = $"{pci.Vendor}:{pci.Device}";
        var known = PciIds.Lookup(pci.Vendor, pci.Device);
        var action = known switch
        {
            null => $"nictune does not know this ID; find its driver with: lspci -nnk -s {pci.Address}",
            { Driver: DriverNames.VirtioNet } =>
                "It needs the virtio_net driver family; load it with: modprobe -a virtio_pci virtio_net",
            _ => $"It needs the {known.Driver} driver; load it with: modprobe {known.Driver} (or install the package that ships it)",
        };
        return new Advisory(
            AdvisoryCodes.DriverMissing,
            Severity.Warning,
            null,
            pci.Address,
            $"PCI network device {pci.Address} ({id}) has no driver bound, so it has no interface. {action}");
    }
}
