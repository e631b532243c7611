using Nictune.Core.Profiles;
using Nictune.Core.Status;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Tuning;

/// <summary>What <see cref="ProfileSelection"/> chose: the profile (null when the pushed one cannot be used), where it came from, and the pushed store as read.</summary>
internal sealed record ProfileChoice(Profile? Profile, ProfileSource Source, PushedStatus Pushed);
