namespace Nictune.Host.Daemon.Configuration;

public enum OnStopAction
{
    /// <summary>Leave the tuning in place when the agent stops (the usual case: a restart must not detune).</summary>
    Keep,

    /// <summary>Put the baseline recorded before the first tune back.</summary>
    RestoreBaseline,
}
