using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Tuning;

/// <summary>
/// The profile <c>run</c> loaded and validated for <paramref name="Settings"/> before the daemon started. The boot
/// tune uses it instead of reading and parsing the same files again a few milliseconds later; every later
/// configuration (a reload) reads its profile afresh.
/// </summary>
internal sealed record CheckedProfile(AgentSettings Settings, ProfileChoice Choice);
