namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// The bash the scenarios run in the guest. Each prints sections that start with a <c>=== name</c> line
/// (<see cref="GuestSections"/>), so one process start (0.2 s under TCG) reads many facts.
/// </summary>
internal static class GuestScripts
{
    /// <summary>
    /// One line per NIC, from sysfs and ethtool rather than from nictune: name, driver (ethtool -i), PCI
    /// vendor:device and subsystem (the function is the device, or for virtio its parent), rx and tx queues, and the
    /// combined maximum of ethtool -l (0 when it reports none). Bash builtins read the files: two processes per NIC.
    /// </summary>
    public const string Nics = """
        echo "=== nics"
        for dir in /sys/class/net/*; do
          nic=${dir##*/}
          [ -e "$dir/device" ] || continue
          fn=$dir/device; [ -e "$fn/subsystem_vendor" ] || fn=$dir/device/..
          read -r v <"$fn/vendor"; read -r d <"$fn/device"; read -r sv <"$fn/subsystem_vendor"; read -r sd <"$fn/subsystem_device"
          driver=; while read -r key value; do [ "$key" = driver: ] && driver=$value; done < <(ethtool -i "$nic")
          max=0 preset=; while read -r key value; do
            case "$key" in Pre-set) preset=1 ;; Current) preset= ;; Combined:) [ -n "$preset" ] && max=$value ;; esac
          done < <(ethtool -l "$nic" 2>/dev/null)
          rx=("$dir"/queues/rx-*); tx=("$dir"/queues/tx-*)
          echo "$nic $driver ${v#0x}:${d#0x} ${sv#0x}:${sd#0x} ${#rx[@]} ${#tx[@]} $max"
        done
        """;

    /// <summary>What the guest shows of its hypervisor (docs/drivers.md §3).</summary>
    public const string Platform = """
        echo "=== platform"
        read -r line </sys/class/dmi/id/sys_vendor; echo "sys_vendor=$line"
        read -r line </sys/class/dmi/id/product_name; echo "product_name=$line"
        read -r line </sys/devices/system/clocksource/clocksource0/available_clocksource; echo "clocksources=$line"
        flag=0; while read -r key rest; do [ "$key" = flags ] && [[ " $rest " == *" hypervisor "* ]] && flag=1; done </proc/cpuinfo
        echo "hypervisor_flag=$flag"
        cpus=0; while read -r key rest; do [ "$key" = processor ] && cpus=$((cpus + 1)); done </proc/cpuinfo
        echo "cpus=$cpus"
        """;

    /// <summary>
    /// Every tunable value the kernel shows for every NIC and the network sysctls, in a stable order: ethtool
    /// -g/-l/-k/-c/-x, txqueuelen and MTU, RPS/XPS per queue, IRQ affinity, and every net.* sysctl. Two snapshots
    /// differ exactly where something changed. One grep reads all the sysfs and procfs files, and one sysctl the net
    /// tree (given a directory, procps's sysctl prints every setting under it, the lines <c>sysctl -a</c> prints).
    /// </summary>
    public const string Snapshot = """
        snapshot() {
          for dir in /sys/class/net/*; do
            nic=${dir##*/}
            [ -e "$dir/device" ] || continue
            for option in -g -l -k -c -x; do echo "# $nic ethtool $option"; ethtool "$option" "$nic" 2>&1; done
          done
          grep -H . /sys/class/net/*/tx_queue_len /sys/class/net/*/mtu /sys/class/net/*/queues/rx-*/rps_cpus \
            /sys/class/net/*/queues/rx-*/rps_flow_cnt /sys/class/net/*/queues/tx-*/xps_cpus /proc/irq/*/smp_affinity_list 2>&1
          sysctl net 2>/dev/null | sort
        }
        """;
}
