namespace Nictune.Core.Planning;

/// <summary>What applying a plan does with one setting.</summary>
public enum PlanAction
{
    /// <summary>The setting will be written with <see cref="PlanRow.Desired"/>.</summary>
    Change,

    /// <summary>The system already holds the desired value: nothing is written.</summary>
    Unchanged,

    /// <summary>The profile asked for more than a limit allows (the device's maximum, or the host's cap on
    /// <c>vm.min_free_kbytes</c>); the limit will be written.</summary>
    Clamped,

    /// <summary>The device, kernel or host cannot take this setting; nothing is written and the reason says why.</summary>
    Unsupported,
}
