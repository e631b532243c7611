using System.Globalization;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// The bound on <c>vm.min_free_kbytes</c>, the one host-global setting a profile may change (docs/profiles.md,
/// "vm.min_free_kbytes"). The kernel documents that setting it too high runs the machine out of memory at once, and a
/// network namespace does not contain it: a profile applied inside a container changes the whole host. So the planner
/// never writes more than <see cref="PercentOfMemory"/>% of the memory the host has, never lowers a value someone
/// already set above that bound, refuses to write at all when the host's memory is unknown, and every plan row for it
/// says that it is host-global.
/// </summary>
public static class MinFreeKbytesCap
{
    /// <summary>
    /// The share of MemTotal the value may reach. The kernel's own default is sqrt(16 × lowmem kB), at most 256 MiB:
    /// about 0.2% of a 4 GiB guest. Network guides raise it two to four times; 5% leaves room for that on any guest
    /// size while staying far from the values that leave too little for everything else.
    /// </summary>
    public const int PercentOfMemory = 5;

    /// <summary>Said on every plan row for the setting.</summary>
    public const string HostGlobalNote = "host-global: applies to the whole machine, not only this network namespace";

    /// <summary>The largest value nictune writes on this host, in kB; null when the host's memory is unknown.</summary>
    public static long? Of(HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.MemTotalKiB is > 0 and var total ? total * PercentOfMemory / 100 : null;
    }

    /// <summary>
    /// Bounds a planned <c>vm.min_free_kbytes</c> row: a value above the cap becomes the cap (<see cref="PlanAction.Clamped"/>),
    /// or nothing at all when the kernel already holds the cap or more. Every row gains <see cref="HostGlobalNote"/>.
    /// </summary>
    public static PlanRow Apply(PlanRow row, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Action == PlanAction.Unsupported)
        {
            return row with { Reason = $"{row.Reason}; {HostGlobalNote}" };
        }

        if (Of(host) is not { } cap)
        {
            return row with
            {
                Desired = null,
                Action = PlanAction.Unsupported,
                Reason = $"not written: MemTotal (/proc/meminfo) is unknown, so the {PercentOfMemory}% cap cannot be checked; {HostGlobalNote}",
            };
        }

        if (!long.TryParse(row.Desired, NumberStyles.None, CultureInfo.InvariantCulture, out var desired) || desired <= cap)
        {
            return row with { Reason = $"{row.Reason}; {HostGlobalNote}" };
        }

        var bound = $"{PercentOfMemory}% of MemTotal";
        if (long.TryParse(row.Current?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var current) && current >= cap)
        {
            return row with
            {
                Desired = row.Current!.Trim(),
                Action = PlanAction.Unchanged,
                Reason = $"{desired} is above the cap of {cap} kB ({bound}) and the kernel already holds {current}: left as is; {HostGlobalNote}",
            };
        }

        return row with
        {
            Desired = cap.ToString(CultureInfo.InvariantCulture),
            Action = PlanAction.Clamped,
            Reason = $"{desired} is above the cap of {cap} kB ({bound}); {HostGlobalNote}",
        };
    }
}
