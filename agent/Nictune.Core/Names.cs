using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;

namespace Nictune.Core;

/// <summary>The wire names of enums (the same words the JSON uses), for human output.</summary>
public static class Names
{
    public static string Of(NicClass value) => value switch
    {
        NicClass.Paravirtual => "paravirtual",
        NicClass.Emulated => "emulated",
        NicClass.SriovVf => "sriov-vf",
        NicClass.PassthroughPf => "passthrough-pf",
        NicClass.Physical => "physical",
        NicClass.Software => "software",
        _ => "unknown",
    };

    public static string Of(Hypervisor value) => value switch
    {
        Hypervisor.VMware => "vmware",
        Hypervisor.Kvm => "kvm",
        Hypervisor.HyperV => "hyperv",
        Hypervisor.Xen => "xen",
        Hypervisor.Other => "other",
        Hypervisor.Qemu => "qemu",
        _ => "none",
    };

    public static string Of(FailoverRole value) => value switch
    {
        FailoverRole.Master => "master",
        FailoverRole.Primary => "primary",
        _ => "standby",
    };

    public static string Of(Severity value) => value switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    public static string Of(PlanAction value) => value switch
    {
        PlanAction.Change => "change",
        PlanAction.Unchanged => "unchanged",
        PlanAction.Clamped => "clamped",
        _ => "unsupported",
    };

    public static string Of(SettingStatus value) => value switch
    {
        SettingStatus.Applied => "applied",
        SettingStatus.Adjusted => "adjusted",
        SettingStatus.Unchanged => "unchanged",
        SettingStatus.Unsupported => "unsupported",
        SettingStatus.Failed => "failed",
        SettingStatus.RolledBack => "rolled-back",
        SettingStatus.RollbackFailed => "rollback-failed",
        SettingStatus.Gone => "gone",
        SettingStatus.Skipped => "skipped",
        _ => "not-attempted",
    };

    public static string Of(TransactionOutcome value) => value switch
    {
        TransactionOutcome.Succeeded => "succeeded",
        TransactionOutcome.NoChanges => "no changes",
        TransactionOutcome.FailedRolledBack => "failed, rolled back",
        TransactionOutcome.Partial => "NOT WHOLLY IN FORCE",
        TransactionOutcome.GuardReverted => "reverted by the health guard",
        _ => "FAILED, ROLLBACK FAILED",
    };
}
