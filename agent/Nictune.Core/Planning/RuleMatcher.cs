using Nictune.Core.Model;
using Nictune.Core.Profiles;

namespace Nictune.Core.Planning;

/// <summary>Chooses the profile rule for an interface: the first rule whose every given criterion matches.</summary>
public static class RuleMatcher
{
    /// <summary>The index of the first matching rule, or -1.</summary>
    /// <remarks>
    /// Each interface is matched on its own class and driver. A lower device of a failover pair (the Azure VF, the
    /// virtio standby) is therefore matched as the sriov-vf or paravirtual device it is, not as its master.
    /// </remarks>
    public static int FirstMatch(IReadOnlyList<InterfaceRule> rules, NetInterface nic, Hypervisor hypervisor)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(nic);
        for (var i = 0; i < rules.Count; i++)
        {
            if (Matches(rules[i].Match, nic, hypervisor))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool Matches(RuleMatch match, NetInterface nic, Hypervisor hypervisor)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(nic);
        if (match.Classes is { } classes && !classes.Contains(nic.Class))
        {
            return false;
        }

        if (match.Drivers is { } drivers && (nic.Driver is null || !drivers.Contains(nic.Driver, StringComparer.Ordinal)))
        {
            return false;
        }

        if (match.Names is { } names && !names.Any(glob => InterfaceNameGlob.IsMatch(glob, nic.Name)))
        {
            return false;
        }

        return match.Hypervisors is not { } hypervisors || hypervisors.Contains(hypervisor);
    }
}
