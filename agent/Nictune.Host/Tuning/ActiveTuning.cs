using Nictune.Core.Profiles;
using Nictune.Core.Status;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Tuning;

/// <summary>
/// The configuration the daemon's tuner runs with, built whole and swapped in at once: the agent settings, the
/// profile enforced (null after a rollback through the agent suspended enforcement, or while the pushed profile cannot
/// be used) and where it came from, the runtime of the state directory, and the pushed store as the selection read it.
/// </summary>
internal sealed record ActiveTuning(AgentSettings Settings, Profile? Profile, ProfileSource Source, TuningRuntime Runtime, PushedStatus Pushed);
