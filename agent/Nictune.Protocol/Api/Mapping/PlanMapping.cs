using Nictune.Core.Planning;
using Nictune.Core.Tuning;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api.Mapping;

/// <summary>Plans on the wire: <see cref="TuningPlan"/> to <see cref="Plan"/> (the agent) and back (the CLI prints it as a local plan).</summary>
public static class PlanMapping
{
    public static Plan ToWire(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ToWire(plan.Profile, plan.Source, plan.Rows);
    }

    public static Plan ToWire(string profile, string source, IEnumerable<Core.Planning.PlanRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var wire = new Plan { Profile = profile, Source = source };
        wire.Rows.AddRange(rows.Select(ToWire));
        return wire;
    }

    public static V1.PlanRow ToWire(Core.Planning.PlanRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var wire = new V1.PlanRow
        {
            Interface = row.Key.Target,
            Key = row.Key.Name,
            Action = row.Action switch
            {
                Core.Planning.PlanAction.Change => V1.PlanAction.Change,
                Core.Planning.PlanAction.Unchanged => V1.PlanAction.Unchanged,
                Core.Planning.PlanAction.Clamped => V1.PlanAction.Clamped,
                _ => V1.PlanAction.Unsupported,
            },
            Reason = row.Reason,
            ResetsLink = row.ResetsLink,
            Source = row.Source ?? string.Empty,
        };
        if (row.Current is { } current)
        {
            wire.Current = current;
        }

        if (row.Requested is { } requested)
        {
            wire.Requested = requested;
        }

        if (row.Desired is { } desired)
        {
            wire.Desired = desired;
        }

        return wire;
    }

    public static TuningPlan FromWire(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new TuningPlan(plan.Profile, plan.Source, [.. plan.Rows.Select(FromWire)], []);
    }

    public static Core.Planning.PlanRow FromWire(V1.PlanRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new Core.Planning.PlanRow(
            KeyOf(row.Interface, row.Key),
            row.HasCurrent ? row.Current : null,
            row.HasRequested ? row.Requested : null,
            row.HasDesired ? row.Desired : null,
            row.Action switch
            {
                V1.PlanAction.Change => Core.Planning.PlanAction.Change,
                V1.PlanAction.Unchanged => Core.Planning.PlanAction.Unchanged,
                V1.PlanAction.Clamped => Core.Planning.PlanAction.Clamped,
                _ => Core.Planning.PlanAction.Unsupported,
            },
            row.Reason,
            row.ResetsLink)
        {
            Source = row.Source is { Length: > 0 } source ? source : null,
        };
    }

    /// <summary>A setting's key from its wire form: an empty interface is a host-wide sysctl.</summary>
    public static SettingKey KeyOf(string nic, string name) =>
        nic.Length == 0 ? SettingKey.Sysctl(name) : SettingKey.Interface(nic, name);
}
