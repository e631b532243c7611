namespace Nictune.Core.Status;

/// <summary>Where the active profile came from.</summary>
public enum ProfileSource
{
    /// <summary>No profile is enforced: a rollback through the agent suspended enforcement until a reload, push or apply.</summary>
    None,

    /// <summary>The configuration names no profile of its own: <c>auto</c>.</summary>
    Auto,

    /// <summary>agent.yaml's <c>profile</c>.</summary>
    Configured,

    /// <summary>A profile pushed through the API (kept in the state directory); it wins over the configuration.</summary>
    Pushed,

    /// <summary>A profile applied through the API by name; active until a reload, a push or a restart.</summary>
    Applied,
}
