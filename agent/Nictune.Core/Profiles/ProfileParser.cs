using System.Globalization;
using System.Runtime.CompilerServices;
using Nictune.Core.Catalog;
using Nictune.Core.Model;
using Nictune.Core.Tuning;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Nictune.Core.Profiles;

/// <summary>
/// Reads one profile file's text into a <see cref="Profile"/> (with <c>extends</c> still unresolved). Pure: the
/// caller reads the file and passes its text and a source name (the path, used in every error).
/// <para>
/// YAML is read with YamlDotNet's representation model (<see cref="YamlStream"/>) and walked by hand: the
/// reflection-based deserializer is not AOT-safe, and walking the nodes keeps each node's line and column for errors.
/// Every problem in the file is collected and reported together in one <see cref="ProfileException"/>.
/// </para>
/// <para>
/// The <c>name</c> field is optional. A profile's name is its file's base name (<c>x.yaml</c> is profile
/// <c>x</c>), because that is how <c>--profile x</c> and <c>extends: [x]</c> find it; a <c>name</c> field, when
/// present, must agree. A source that is not a <c>.yaml</c> file name (text from a test) must carry <c>name</c>.
/// </para>
/// </summary>
public static class ProfileParser
{
    /// <summary>
    /// Largest profile text accepted: 64 KiB. A profile is a few kilobytes (every shipped one is under 3 KB), so this
    /// leaves an admin's long, commented profile twenty times that room. It also bounds what one document costs the
    /// agent: anyone who can connect to the API may have a document parsed (PlanProfile), and the node tree YamlDotNet
    /// builds is many times the text's size.
    /// </summary>
    public const int MaxTextLength = 64 << 10;

    /// <summary>
    /// Deepest nesting of lists and mappings accepted. A profile nests five deep at most (rule → match → list); the
    /// limit exists because YamlDotNet builds nodes recursively, and a file of a million '[' would overflow the stack
    /// and kill the process instead of producing an error.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Most aliases (<c>*name</c>) accepted. A profile may share a block with an anchor and a few aliases. The parser
    /// walks only the shapes a profile has (no list of lists), so nested aliases are refused by shape before they
    /// expand; this bound is the second fence, and keeps the node tree itself small.
    /// </summary>
    public const int MaxAliases = 64;

    /// <summary>
    /// Parses and validates one profile. Throws <see cref="ProfileException"/> listing every error, each naming
    /// <paramref name="source"/>, the line and column, and the field.
    /// </summary>
    public static Profile Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var reader = new Reader(source);
        var profile = reader.Read(text);
        if (reader.Errors.Count > 0 || profile is null)
        {
            throw new ProfileException(reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        }

        return profile;
    }

    private sealed class Reader(string source)
    {
        public List<ProfileError> Errors { get; } = [];

        public Profile? Read(string text)
        {
            if (text.Length > MaxTextLength)
            {
                Errors.Add(new ProfileError(source, 1, 1, string.Empty, $"the text is longer than {MaxTextLength} characters; a profile is a few kilobytes"));
                return null;
            }

            var stream = new YamlStream();
            try
            {
                stream = YamlLimits.Load(text, MaxDepth, MaxAliases);
            }
            catch (YamlLimitException e)
            {
                Errors.Add(new ProfileError(source, ToInt(e.Start.Line), ToInt(e.Start.Column), string.Empty, e.Problem));
                return null;
            }
            catch (YamlException e)
            {
                Errors.Add(new ProfileError(source, ToInt(e.Start.Line), ToInt(e.Start.Column), string.Empty, $"malformed YAML: {e.Message}"));
                return null;
            }

            if (stream.Documents.Count == 0)
            {
                Errors.Add(new ProfileError(source, 1, 1, string.Empty, "the file is empty: a profile needs at least a name or some settings"));
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                Error(stream.Documents[1].RootNode, string.Empty, "a profile file holds one YAML document; remove the second '---'");
                return null;
            }

            var root = stream.Documents[0].RootNode;
            if (root is not YamlMappingNode)
            {
                Error(root, string.Empty, $"a profile is a mapping of name, description, extends, sysctl and interfaces; got {Describe(root)}");
                return null;
            }

            // A file with no profile key at all is not a profile (a link to /etc/shadow parses as a mapping of one key
            // per line): say so without quoting any of it, rather than one "unknown key" per line.
            var rootMapping = (YamlMappingNode)root;
            // A single misspelt key still gets its "did you mean".
            if (rootMapping.Children.Count > 1 && !rootMapping.Children.Keys.Any(k => k is YamlScalarNode { Value: { } v } && (ProfileSchema.TopKeys.Contains(v, StringComparer.Ordinal) || Suggestions.Suggest(v, ProfileSchema.TopKeys).Length > 0)))
            {
                Errors.Add(new ProfileError(source, ToInt(root.Start.Line), ToInt(root.Start.Column), string.Empty,
                    $"this is not a profile: none of its top-level keys is {Suggestions.JoinAlternatives(ProfileSchema.TopKeys)}"));
                return null;
            }

            string? name = null;
            string? description = null;
            var extends = new List<string>();
            var extendsLocations = new List<SourceLocation>();
            var sysctl = new Dictionary<string, string>(StringComparer.Ordinal);
            var sysctlLocations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            var sysctlAtLeast = new HashSet<string>(StringComparer.Ordinal);
            var rules = new List<InterfaceRule>();
            YamlNode? nameNode = null;

            foreach (var (key, value) in Entries(root, string.Empty, ProfileSchema.TopKeys))
            {
                switch (key)
                {
                    case "name":
                        nameNode = value;
                        name = ReadName(value);
                        break;
                    case "description":
                        description = Scalar(value, "description", "a text");
                        break;
                    case "extends":
                        ReadExtends(value, extends, extendsLocations);
                        break;
                    case "sysctl":
                        ReadSysctl(value, sysctl, sysctlLocations, sysctlAtLeast);
                        break;
                    case "interfaces":
                        ReadInterfaces(value, rules);
                        break;
                }
            }

            var fileName = ProfileName.FromFileName(source);
            if (name is not null && fileName is not null && name != fileName)
            {
                Error(nameNode!, "name", $"the name \"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\" differs from the file name \"{fileName}{ProfileName.FileExtension}\": a profile is found by its file name, so they must agree");
            }
            else if (name is null && nameNode is null)
            {
                if (fileName is null)
                {
                    Errors.Add(new ProfileError(source, 1, 1, "name", "missing: text that is not read from a .yaml file must name its profile"));
                }
                else if (ProfileName.Validate(fileName) is { } fileNameError)
                {
                    Errors.Add(new ProfileError(source, 1, 1, "name", $"the file name is not a usable profile name: {fileNameError}"));
                }
                else
                {
                    name = fileName;
                }
            }

            if (name is null)
            {
                return null;
            }

            return new Profile
            {
                Name = name,
                Description = description,
                Extends = extends,
                ExtendsLocations = extendsLocations,
                Sysctl = sysctl,
                SysctlLocations = sysctlLocations,
                SysctlAtLeast = sysctlAtLeast,
                Interfaces = rules,
                Source = source,
            };
        }

        private string? ReadName(YamlNode node)
        {
            var name = Scalar(node, "name", "a profile name");
            if (name is not null && ProfileName.Validate(name) is { } error)
            {
                Error(node, "name", error);
                return null;
            }

            return name;
        }

        private void ReadExtends(YamlNode node, List<string> names, List<SourceLocation> locations)
        {
            // A single name is accepted as a one-element list: it cannot be misread.
            var items = node is YamlSequenceNode sequence
                ? sequence.Children.Select((item, i) => (item, path: $"extends[{i}]")).ToList()
                : [(node, "extends")];
            foreach (var (item, path) in items)
            {
                var name = Scalar(item, path, "a profile name");
                if (name is null)
                {
                    continue;
                }

                if (ProfileName.Validate(name) is { } error)
                {
                    Error(item, path, error);
                }
                else if (names.Contains(name))
                {
                    Error(item, path, $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\" is listed twice");
                }
                else
                {
                    names.Add(name);
                    locations.Add(Location(item));
                }
            }
        }

        private void ReadSysctl(YamlNode node, Dictionary<string, string> values, Dictionary<string, SourceLocation> locations, HashSet<string> atLeast)
        {
            if (!ExpectMapping(node, "sysctl", "a mapping of sysctl key to value"))
            {
                return;
            }

            foreach (var (keyNode, valueNode) in ((YamlMappingNode)node).Children)
            {
                var rawKey = keyNode is YamlScalarNode { Value: { } k } ? k : null;
                var path = $"sysctl.{rawKey}";
                if (rawKey is null)
                {
                    Error(keyNode, "sysctl", $"a sysctl key is a plain text like net.core.somaxconn, got {Describe(keyNode)}");
                    continue;
                }

                if (!SysctlKey.TryNormalize(rawKey, out var key, out var keyError))
                {
                    Error(keyNode, path, keyError);
                    continue;
                }

                var floor = valueNode as YamlMappingNode;
                var value = floor is null ? ReadSysctlValue(valueNode, path) : ReadFloor(floor, path);
                if (value is null)
                {
                    continue;
                }

                if (SysctlValueType.Check(key, value) is { } typeError)
                {
                    Error(valueNode, floor is null ? path : $"{path}.{SysctlFloor.Key}", typeError);
                    continue;
                }

                if (locations.TryGetValue(key, out var first))
                {
                    // Both spellings (dotted and slashed) of one key: YAML's duplicate-key check cannot see this.
                    Error(keyNode, path, $"the same key as line {first.Line} ({key})");
                }
                else
                {
                    values[key] = value;
                    locations[key] = Location(keyNode);
                    if (floor is not null)
                    {
                        atLeast.Add(key);
                    }
                }
            }
        }

        /// <summary>An exact value: a scalar, written as given.</summary>
        private string? ReadSysctlValue(YamlNode node, string path)
        {
            var value = Scalar(node, path, $"a value in the kernel's text form or {{ {SysctlFloor.Key}: VALUE }}");
            if (value is not null && ProfileValidator.CheckSysctlValue(value) is { } error)
            {
                Error(node, path, error);
                return null;
            }

            return value;
        }

        /// <summary>A raise-only value, <c>{ at-least: VALUE }</c>; errors name the field <c>sysctl.KEY.at-least</c>.</summary>
        private string? ReadFloor(YamlMappingNode node, string path)
        {
            if (node.Children.Count == 0)
            {
                Error(node, path, $"expected a value or {{ {SysctlFloor.Key}: VALUE }}, got an empty mapping");
                return null;
            }

            var field = $"{path}.{SysctlFloor.Key}";
            string? value = null;
            foreach (var (_, floorNode) in Entries(node, path, ProfileSchema.SysctlValueKeys))
            {
                value = Scalar(floorNode, field, SysctlFloor.Expectation);
                if (value is not null && (SysctlFloor.Check(value) ?? ProfileValidator.CheckSysctlValue(value)) is { } error)
                {
                    Error(floorNode, field, error);
                    value = null;
                }
            }

            return value;
        }

        private void ReadInterfaces(YamlNode node, List<InterfaceRule> rules)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(node, "interfaces", $"expected a list of rules, got {Describe(node)}");
                return;
            }

            InterfaceRule? catchAll = null;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (ReadRule(sequence.Children[i], $"interfaces[{i}]") is not { } rule)
                {
                    continue;
                }

                if (catchAll is not null)
                {
                    Error(sequence.Children[i], $"interfaces[{i}]", ProfileValidator.Unreachable(catchAll));
                }
                else if (ProfileValidator.IsCatchAll(rule.Match))
                {
                    catchAll = rule;
                }

                rules.Add(rule);
            }
        }

        private InterfaceRule? ReadRule(YamlNode node, string path)
        {
            if (!ExpectMapping(node, path, "a rule (a mapping of match and settings)"))
            {
                return null;
            }

            var errorsBefore = Errors.Count;
            var match = new RuleMatch();
            var settings = new InterfaceSettings();
            foreach (var (key, value) in Entries(node, path, ProfileSchema.RuleKeys))
            {
                var field = $"{path}.{key}";
                switch (key)
                {
                    case ProfileSchema.Match:
                        match = ReadMatch(value, field);
                        break;
                    case ProfileSchema.Features:
                        settings = settings with { Features = ReadFeatures(value, field) };
                        break;
                    case ProfileSchema.Rps:
                        settings = settings with { Rps = ReadRps(value, field) };
                        break;
                    case ProfileSchema.Xps:
                        settings = settings with { Xps = Symbol(value, field, ProfileSchema.XpsModes) };
                        break;
                    case ProfileSchema.IrqAffinity:
                        settings = settings with { IrqAffinity = Symbol(value, field, ProfileSchema.IrqModes) };
                        break;
                    default:
                        settings = ProfileSchema.GroupKeys.TryGetValue(key, out var group)
                            ? ReadGroup(value, field, key, group, settings)
                            : ReadSetting(value, field, SettingCatalog.Find(key)!, settings);
                        break;
                }
            }

            return Errors.Count == errorsBefore ? new InterfaceRule(match, settings, Location(node)) : null;
        }

        private RuleMatch ReadMatch(YamlNode node, string path)
        {
            var match = new RuleMatch();
            if (IsNull(node))
            {
                return match;
            }

            foreach (var (key, value) in Entries(node, path, ProfileSchema.MatchKeys))
            {
                var field = $"{path}.{key}";
                match = key switch
                {
                    "class" => match with { Classes = ListOfValues(value, field, (item, at) => Lookup(item, at, ProfileSchema.Classes, "class")) },
                    "hypervisor" => match with { Hypervisors = ListOfValues(value, field, (item, at) => Lookup(item, at, ProfileSchema.Hypervisors, "hypervisor")) },
                    "driver" => match with { Drivers = ListOf(value, field, (item, at) => Checked(item, at, ProfileValidator.CheckDriverName)) },
                    "name" => match with { Names = ListOf(value, field, (item, at) => Checked(item, at, InterfaceNameGlob.Validate)) },
                    _ => match,
                };
            }

            return match;
        }

        /// <summary>A mapping of catalog settings under one rule key (<c>ring</c>: its rx, tx, …), each read by its entry.</summary>
        private InterfaceSettings ReadGroup(YamlNode node, string path, string group, string[] keys, InterfaceSettings settings)
        {
            var any = false;
            foreach (var (key, value) in Entries(node, path, keys))
            {
                any = true;
                settings = ReadSetting(value, $"{path}.{key}", SettingCatalog.Find($"{group}.{key}")!, settings);
            }

            if (any && ProfileValidator.CheckGroup(group, settings) is { } error)
            {
                Error(node, path, error);
            }

            return settings;
        }

        /// <summary>One catalog setting's value, stored where its entry keeps it; unchanged settings when it is wrong.</summary>
        private InterfaceSettings ReadSetting(YamlNode node, string path, SettingDefinition setting, InterfaceSettings settings) => setting switch
        {
            NumberSetting number when Number(node, path, number.Limits) is { } value => number.Set(settings, value),
            ToggleSetting toggle when Boolean(node, path) is { } on => toggle.Set(settings, on),
            _ => settings,
        };

        /// <summary>
        /// Features by kernel name. ethtool's aliases expand to their group; a kernel name written out explicitly wins
        /// over a group that contains it, whatever the order (so <c>tso: on</c> with
        /// <c>tx-tcp-mangleid-segmentation: off</c> means "all TSO but mangleid"). Two aliases that disagree about
        /// the same kernel feature are an error.
        /// </summary>
        private Dictionary<string, bool>? ReadFeatures(YamlNode node, string path)
        {
            if (!ExpectMapping(node, path, "a mapping of feature name to on/off"))
            {
                return null;
            }

            var fromAliases = new Dictionary<string, (bool Value, string Alias)>(StringComparer.Ordinal);
            var explicitly = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in ((YamlMappingNode)node).Children)
            {
                var name = keyNode is YamlScalarNode { Value: { Length: > 0 } k } ? k : null;
                if (name is null)
                {
                    Error(keyNode, path, $"a feature is named by text like gro or rx-gro, got {Describe(keyNode)}");
                    continue;
                }

                var field = $"{path}.{name}";
                var group = FeatureNames.Expand(name);
                if (group is null)
                {
                    Error(keyNode, field, $"unknown feature \"{Nictune.Core.Tuning.SettingValueText.Truncate(name)}\"{Suggestions.Suggest(name, FeatureNames.Aliases.Keys.Concat(FeatureNames.Kernel))}; use an ethtool short name (gro, lro, tso, gso, sg, rx, tx, rxhash, ntuple, rxvlan, txvlan) or a kernel feature name as 'ethtool -k' prints it");
                    continue;
                }

                if (Boolean(valueNode, field) is not { } value)
                {
                    continue;
                }

                if (!FeatureNames.IsAlias(name))
                {
                    explicitly[name] = value;
                    continue;
                }

                foreach (var feature in group)
                {
                    if (fromAliases.TryGetValue(feature, out var earlier) && earlier.Value != value)
                    {
                        Error(keyNode, field, $"turns {feature} {OnOff(value)}, but \"{earlier.Alias}\" turns it {OnOff(earlier.Value)}");
                    }

                    fromAliases[feature] = (value, name);
                }
            }

            var features = new Dictionary<string, bool>(fromAliases.Count + explicitly.Count, StringComparer.Ordinal);
            foreach (var (feature, (value, _)) in fromAliases)
            {
                features[feature] = value;
            }

            foreach (var (feature, value) in explicitly)
            {
                features[feature] = value;
            }

            return features.Count > 0 ? features : null;
        }

        private RpsSettings? ReadRps(YamlNode node, string path)
        {
            var rps = new RpsSettings();
            var any = false;
            foreach (var (key, value) in Entries(node, path, ProfileSchema.RpsKeys))
            {
                any = true;
                var field = $"{path}.{key}";
                rps = key switch
                {
                    "cpus" => rps with { Cpus = ReadCpus(value, field) },
                    "flow-count" => rps with { FlowCount = Number(value, field, ProfileLimits.FlowCount)?.Number },
                    _ => rps,
                };
            }

            return any ? rps : null;
        }

        private CpuSelection? ReadCpus(YamlNode node, string path)
        {
            var text = Scalar(node, path, "all, local or a CPU list like 0-3,8");
            switch (text)
            {
                case null:
                    return null;
                case "all":
                    return CpuSelection.All;
                case "local":
                    return CpuSelection.Local;
            }

            if (!CpuList.TryParse(text, out _, out var error))
            {
                Error(node, path, $"expected all, local or a CPU list like 0-3,8: {error}");
                return null;
            }

            return new CpuSelection(CpuSelectionKind.List, text);
        }

        private ProfileValue? Number(YamlNode node, string path, NumericField field)
        {
            var text = Scalar(node, path, field.Expectation);
            switch (text)
            {
                case null:
                    return null;
                case "max" when field.AllowMax:
                    return ProfileValue.Max;
                case "cpus" when field.AllowCpus:
                    return ProfileValue.Cpus;
                case "max" or "cpus" when field.SymbolNote is not null:
                    Error(node, path, field.Check(text == "max" ? ProfileValue.Max : ProfileValue.Cpus)!);
                    return null;
            }

            var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
            if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9'))
            {
                Error(node, path, $"expected {field.Expectation}, got {Describe(node)}");
                return null;
            }

            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                Error(node, path, $"out of range: expected {field.Min} to {field.Max}, got {text}");
                return null;
            }

            if (field.CheckNumber(number) is { } rangeError)
            {
                Error(node, path, rangeError);
                return null;
            }

            return ProfileValue.Of(number);
        }

        private bool? Boolean(YamlNode node, string path)
        {
            var text = Scalar(node, path, "on, off, true or false");
            switch (text?.ToUpperInvariant())
            {
                case null:
                    return null;
                case "ON" or "TRUE":
                    return true;
                case "OFF" or "FALSE":
                    return false;
                default:
                    Error(node, path, $"expected on, off, true or false, got {Describe(node)}");
                    return null;
            }
        }

        private T? Symbol<T>(YamlNode node, string path, Dictionary<string, T> symbols)
            where T : struct
        {
            if (ScalarText(node) is { } text && symbols.TryGetValue(text, out var value))
            {
                return value;
            }

            // Wrong or missing: the same message either way (Scalar's for a non-scalar, "expected X, got Y").
            Error(node, path, $"expected {Suggestions.JoinAlternatives(symbols.Keys)}, got {Describe(node)}");
            return null;
        }

        private T? Lookup<T>(YamlNode node, string path, Dictionary<string, T> symbols, string what)
            where T : struct
        {
            var text = Scalar(node, path, $"a {what}");
            if (text is null)
            {
                return null;
            }

            if (symbols.TryGetValue(text, out var value))
            {
                return value;
            }

            Error(node, path, $"unknown {what} \"{Nictune.Core.Tuning.SettingValueText.Truncate(text)}\"{Suggestions.Suggest(text, symbols.Keys)}: expected {Suggestions.JoinAlternatives(symbols.Keys)}");
            return null;
        }

        private string? Checked(YamlNode node, string path, Func<string, string?> check)
        {
            var text = Scalar(node, path, "a text");
            if (text is not null && check(text) is { } error)
            {
                Error(node, path, error);
                return null;
            }

            return text;
        }

        /// <summary>A criterion of <c>match</c>: one value or a non-empty list of them.</summary>
        private List<T>? ListOf<T>(YamlNode node, string path, Func<YamlNode, string, T?> item)
            where T : class
        {
            var nodes = Items(node, path);
            if (nodes is null)
            {
                return null;
            }

            // Every item is read, so each wrong one is reported; the list only when all are right.
            var values = new List<T>(nodes.Count);
            var allRead = true;
            foreach (var (itemNode, itemPath) in nodes)
            {
                if (item(itemNode, itemPath) is { } value)
                {
                    values.Add(value);
                }
                else
                {
                    allRead = false;
                }
            }

            return allRead ? values : null;
        }

        private List<T>? ListOfValues<T>(YamlNode node, string path, Func<YamlNode, string, T?> item)
            where T : struct =>
            ListOf(node, path, (n, at) => item(n, at) is { } value ? new StrongBox<T>(value) : null)?.ConvertAll(box => box.Value);

        private List<(YamlNode Node, string Path)>? Items(YamlNode node, string path)
        {
            if (node is not YamlSequenceNode sequence)
            {
                return [(node, path)];
            }

            if (sequence.Children.Count == 0)
            {
                Error(node, path, "an empty list matches nothing: leave the criterion out to match anything");
                return null;
            }

            var items = new List<(YamlNode Node, string Path)>(sequence.Children.Count);
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                items.Add((sequence.Children[i], $"{path}[{i}]"));
            }

            return items;
        }

        /// <summary>The known entries of a mapping; reports a non-mapping and every unknown or non-text key.</summary>
        private IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node, string path, string[] known)
        {
            if (node is not YamlMappingNode)
            {
                // The expectation (every known key, joined) is built only for the error, not for every mapping read.
                ExpectMapping(node, path, path.Length == 0 ? "a profile" : $"a mapping of {Suggestions.JoinAlternatives(known)}");
                yield break;
            }

            foreach (var (keyNode, value) in ((YamlMappingNode)node).Children)
            {
                var key = keyNode is YamlScalarNode { Value: { } k } ? k : null;
                if (key is null)
                {
                    Error(keyNode, path, $"a key must be plain text, got {Describe(keyNode)}");
                }
                else if (Array.IndexOf(known, key) < 0)
                {
                    var field = path.Length == 0 ? key : $"{path}.{key}";
                    Error(keyNode, field, $"unknown key \"{Nictune.Core.Tuning.SettingValueText.Truncate(key)}\"{Suggestions.Suggest(key, known)}: expected one of {string.Join(", ", known)}");
                }
                else
                {
                    yield return (key, value);
                }
            }
        }

        private bool ExpectMapping(YamlNode node, string path, string expected)
        {
            if (node is YamlMappingNode)
            {
                return true;
            }

            Error(node, path, $"expected {expected}, got {Describe(node)}");
            return false;
        }

        /// <summary>The text of a scalar; reports a list, a mapping or an empty value.</summary>
        private string? Scalar(YamlNode node, string path, string expected)
        {
            if (ScalarText(node) is { } value)
            {
                return value;
            }

            Error(node, path, $"expected {expected}, got {Describe(node)}");
            return null;
        }

        private void Error(YamlNode node, string path, string message) =>
            Errors.Add(ProfileError.At(Location(node), path, message));

        private SourceLocation Location(YamlNode node) => new(source, ToInt(node.Start.Line), ToInt(node.Start.Column));
    }

    /// <summary>The text of a scalar that is not null; null for anything else.</summary>
    private static string? ScalarText(YamlNode node) =>
        node is YamlScalarNode { Value: { } value } && !IsNull(node) ? value : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" } scalar
        && (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific);

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(scalar.Value)}\"",
        _ => "an unsupported YAML node",
    };

    private static string OnOff(bool value) => value ? "on" : "off";

    private static int ToInt(long value) => (int)Math.Clamp(value, 0, int.MaxValue);
}
