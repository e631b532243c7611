namespace Nictune.Core.Profiles;

/// <summary>
/// Resolves <c>extends</c>: turns a profile and everything it extends, transitively, into one profile with an empty
/// <see cref="Profile.Extends"/>.
/// <para>
/// <b>Precedence.</b> The profiles are put in one precedence order, highest first:
/// L(p) = p, then L(last parent), …, L(first parent), keeping only the <i>last</i> occurrence of a profile that is
/// reached more than once (a diamond). So a profile always ranks above everything it extends, a later
/// <c>extends</c> entry ranks above an earlier one, and a shared base ranks below every profile that extends it.
/// For <c>x: extends [a, b]</c> with <c>a</c> and <c>b</c> both extending <c>base</c>: x, b, a, base.
/// </para>
/// <para>
/// <b>Merging.</b> <c>interfaces</c>: the rules of every profile in precedence order, each profile's rules in its own
/// order; since the first matching rule wins, a higher profile's rule overrides a lower one's for the interfaces it
/// matches, and a lower profile still covers the interfaces the higher ones do not match. <c>sysctl</c>: key by key,
/// the value of the highest profile that sets the key, and that profile alone decides whether it is exact or
/// <c>at-least</c> (a lower profile's floor does not survive an exact value above it, nor the reverse). <c>name</c>, <c>description</c> and <c>source</c> are the
/// profile's own. Each rule keeps its <see cref="InterfaceRule.Location"/> and each sysctl its location, so the
/// result still says which file every setting came from.
/// </para>
/// <para>
/// A cycle (<c>a → b → a</c>, or a profile extending itself) is an error naming the chain, reported at the
/// <c>extends</c> entry that closes it; so is a name the lookup does not know.
/// </para>
/// </summary>
public static class ProfileResolver
{
    /// <summary>
    /// Longest <c>extends</c> chain: a profile, its parent, its grandparent… The shipped profiles are two deep; the
    /// limit keeps the resolver's recursion and work small whatever the files say (a 30,000-deep chain would
    /// otherwise overflow the stack).
    /// </summary>
    public const int MaxDepth = 16;

    /// <summary>The merged profile. Throws <see cref="ProfileException"/> for a cycle, an unknown or an invalid profile.</summary>
    public static Profile Resolve(Profile profile, IProfileLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(lookup);
        var order = Linearize(profile, lookup);

        var rules = order.SelectMany(p => p.Interfaces).ToList();
        var sysctl = new Dictionary<string, string>(StringComparer.Ordinal);
        var sysctlLocations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var sysctlAtLeast = new HashSet<string>(StringComparer.Ordinal);
        for (var i = order.Count - 1; i >= 0; i--)
        {
            foreach (var (key, value) in order[i].Sysctl)
            {
                sysctl[key] = value;
                if (order[i].SysctlAtLeast.Contains(key))
                {
                    sysctlAtLeast.Add(key);
                }
                else
                {
                    sysctlAtLeast.Remove(key);
                }

                if (order[i].SysctlLocations.TryGetValue(key, out var location))
                {
                    sysctlLocations[key] = location;
                }
                else
                {
                    sysctlLocations.Remove(key);
                }
            }
        }

        return profile with
        {
            Extends = [],
            ExtendsLocations = [],
            Sysctl = sysctl,
            SysctlLocations = sysctlLocations,
            SysctlAtLeast = sysctlAtLeast,
            Interfaces = rules,
        };
    }

    /// <summary>The precedence order described on the class, highest first, starting with <paramref name="profile"/>.</summary>
    public static IReadOnlyList<Profile> Linearize(Profile profile, IProfileLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(lookup);
        var walk = new Walk(lookup);
        var order = walk.Visit(profile, [profile.Name]);
        if (walk.Errors.Count > 0)
        {
            throw new ProfileException(walk.Errors);
        }

        return order;
    }

    private sealed class Walk(IProfileLookup lookup)
    {
        private readonly Dictionary<string, List<Profile>> memo = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Profile?> found = new(StringComparer.Ordinal);

        public List<ProfileError> Errors { get; } = [];

        public List<Profile> Visit(Profile profile, List<string> chain)
        {
            if (memo.TryGetValue(profile.Name, out var known))
            {
                return known;
            }

            var expanded = new List<Profile>();
            for (var i = profile.Extends.Count - 1; i >= 0; i--)
            {
                var name = profile.Extends[i];
                var location = i < profile.ExtendsLocations.Count ? profile.ExtendsLocations[i] : new SourceLocation(profile.Source, 0, 0);
                var field = $"extends[{i}]";
                if (chain.Count >= MaxDepth)
                {
                    Errors.Add(ProfileError.At(location, field,
                        $"extends chain deeper than {MaxDepth} profiles: {string.Join(" -> ", chain.Select(n => Tuning.SettingValueText.Truncate(n)))} -> {Tuning.SettingValueText.Truncate(name)}"));
                    continue;
                }

                if (chain.Contains(name, StringComparer.Ordinal))
                {
                    var cycle = chain.Skip(chain.IndexOf(name)).Append(name);
                    Errors.Add(ProfileError.At(location, field, $"extends cycle: {string.Join(" -> ", cycle)}"));
                    continue;
                }

                var parent = Find(name);
                if (parent is null)
                {
                    Errors.Add(ProfileError.At(location, field, $"unknown profile \"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\" (searched {lookup.SearchDescription})"));
                    continue;
                }

                expanded.AddRange(Visit(parent, [.. chain, name]));
            }

            // Keep the last occurrence of each profile: a shared base ranks below everything that extends it. One pass
            // to find each name's last index, one to keep it: linear in the expansion.
            var last = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < expanded.Count; i++)
            {
                last[expanded[i].Name] = i;
            }

            var order = new List<Profile> { profile };
            var seen = new HashSet<string>(StringComparer.Ordinal) { profile.Name };
            for (var i = 0; i < expanded.Count; i++)
            {
                var candidate = expanded[i];
                if (last[candidate.Name] == i && seen.Add(candidate.Name))
                {
                    order.Add(candidate);
                }
            }

            memo[profile.Name] = order;
            return order;
        }

        private Profile? Find(string name)
        {
            if (!found.TryGetValue(name, out var profile))
            {
                profile = lookup.Find(name);
                found[name] = profile;
            }

            return profile;
        }
    }
}
