namespace Nictune.Testing;

/// <summary>
/// Every link kind a test can build in a namespace here, for the tests that compare discovery with the kernel's own
/// answers (docs/discovery.md): veth pairs with 4 queues (<c>{p}q0</c> cut to 2 channels, MTU 9000 and txqueuelen 5000;
/// <c>{p}q1</c> enslaved to the bridge <c>{p}br0</c>), a macvlan <c>{p}mv0</c>, tun <c>{p}tun0</c> (no address) and tap
/// <c>{p}tap0</c> (both down), with <c>{p}x0</c> whose veth peer lives in another namespace when one is given, and a bond
/// <c>{p}bond0</c> and a vlan <c>{p}q0.7</c> where the kernel has those drivers (a container cannot load modules).
/// </summary>
public static class LinkKinds
{
    /// <summary>Builds them in <paramref name="ns"/>; the names of every interface in it afterwards, lo included.</summary>
    public static IReadOnlyList<string> Build(NetNamespace ns, string p, NetNamespace? peers = null)
    {
        ns.AddVethPair($"{p}q0", $"{p}q1", queues: 4);
        ns.CheckExec("ethtool", "-L", $"{p}q0", "rx", "2", "tx", "2");
        ns.Ip("link", "set", $"{p}q0", "mtu", "9000", "txqueuelen", "5000");
        ns.Ip("link", "add", $"{p}br0", "type", "bridge");
        ns.Ip("link", "set", $"{p}q1", "master", $"{p}br0");
        ns.Ip("link", "set", $"{p}br0", "up");
        ns.Ip("link", "add", "link", $"{p}q0", "name", $"{p}mv0", "type", "macvlan");
        ns.Ip("tuntap", "add", "dev", $"{p}tun0", "mode", "tun");
        ns.Ip("tuntap", "add", "dev", $"{p}tap0", "mode", "tap");
        List<string> names = ["lo", $"{p}q0", $"{p}q1", $"{p}br0", $"{p}mv0", $"{p}tun0", $"{p}tap0"];
        if (peers is not null)
        {
            ns.AddVethPair($"{p}x0", $"{p}x1");
            ns.Ip("link", "set", $"{p}x1", "netns", peers.Name);
            names.Add($"{p}x0");
        }

        if (Tools.Run("ip", "-n", ns.Name, "link", "add", $"{p}bond0", "type", "bond").ExitCode == 0)
        {
            names.Add($"{p}bond0");
        }

        if (Tools.Run("ip", "-n", ns.Name, "link", "add", "link", $"{p}q0", "name", $"{p}q0.7", "type", "vlan", "id", "7").ExitCode == 0)
        {
            names.Add($"{p}q0.7");
        }

        return names;
    }
}
