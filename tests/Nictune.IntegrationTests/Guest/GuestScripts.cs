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
    /// combined maximum of ethtool -l (0 when it reports none).
    /// </summary>
    public const string Nics = """
        echo "=== nics"
        for dir in /sys/class/net/*; do
          nic=${dir##*/}
          [ -e "$dir/device" ] || continue
          fn=$(readlink -f "$dir/device"); [ -e "$fn/vendor" ] || fn=$(dirname "$fn")
          id() { printf '%s:%s' "$(sed 's/^0x//' "$fn/$1vendor")" "$(sed 's/^0x//' "$fn/$1device")"; }
          driver=$(ethtool -i "$nic" | sed -n 's/^driver: //p')
          max=$(ethtool -l "$nic" 2>/dev/null | awk '/^Pre-set/ { p = 1 } p && /^Combined:/ { print $2; exit }')
          echo "$nic $driver $(id '') $(id subsystem_) $(ls -d "$dir"/queues/rx-* | wc -l) $(ls -d "$dir"/queues/tx-* | wc -l) ${max:-0}"
        done
        """;

    /// <summary>What the guest shows of its hypervisor (docs/drivers.md §3).</summary>
    public const string Platform = """
        echo "=== platform"
        echo "sys_vendor=$(cat /sys/class/dmi/id/sys_vendor)"
        echo "product_name=$(cat /sys/class/dmi/id/product_name)"
        echo "clocksources=$(cat /sys/devices/system/clocksource/clocksource0/available_clocksource)"
        echo "hypervisor_flag=$(grep -cw hypervisor /proc/cpuinfo)"
        echo "cpus=$(nproc)"
        """;

    /// <summary>
    /// Every tunable value the kernel shows for every NIC and the network sysctls, in a stable order: ethtool
    /// -g/-l/-k/-c/-x, txqueuelen and MTU, RPS/XPS per queue, IRQ affinity, and every net.* sysctl. Two snapshots
    /// differ exactly where something changed.
    /// </summary>
    public const string Snapshot = """
        snapshot() {
          for dir in /sys/class/net/*; do
            nic=${dir##*/}
            [ -e "$dir/device" ] || continue
            for option in -g -l -k -c -x; do echo "# $nic ethtool $option"; ethtool "$option" "$nic" 2>&1; done
            echo "# $nic txqueuelen $(cat "$dir/tx_queue_len") mtu $(cat "$dir/mtu")"
            for q in "$dir"/queues/rx-*; do echo "# $nic ${q##*/} rps_cpus $(cat "$q/rps_cpus") rps_flow_cnt $(cat "$q/rps_flow_cnt")"; done
            for q in "$dir"/queues/tx-*; do echo "# $nic ${q##*/} xps_cpus $(cat "$q/xps_cpus" 2>&1)"; done
          done
          for irq in /proc/irq/[0-9]*; do echo "# irq ${irq##*/} $(cat "$irq/smp_affinity_list")"; done
          sysctl -a 2>/dev/null | grep '^net\.' | sort
        }
        """;
}
