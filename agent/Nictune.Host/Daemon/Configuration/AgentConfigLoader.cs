using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// Reads the agent configuration: YAML → <see cref="IConfiguration"/> → <see cref="AgentOptions"/> (source-generated
/// binder, unknown keys are errors) → <see cref="AgentOptionsValidator"/> → <see cref="AgentSettings"/>.
/// Every problem is reported at once, each as <c>file:line:column: key: what is wrong</c>.
/// </summary>
public static partial class AgentConfigLoader
{
    public const string DefaultPath = "/etc/nictune/agent.yaml";

    /// <param name="explicitPath">The <c>--config</c> file; null reads <see cref="DefaultPath"/>, whose absence means defaults.</param>
    /// <exception cref="AgentConfigException">The file is missing (when explicit), unreadable or invalid.</exception>
    public static AgentSettings Load(string? explicitPath)
    {
        var path = explicitPath ?? DefaultPath;
        if (Directory.Exists(path))
        {
            throw new AgentConfigException($"{path}: is a directory, not a configuration file");
        }

        if (!File.Exists(path))
        {
            if (explicitPath is not null)
            {
                throw new AgentConfigException($"{path}: no such configuration file");
            }

            return AgentOptionsValidator.ToSettings(new AgentOptions(), configFile: null);
        }

        path = Path.GetFullPath(path);
        var configuration = new ConfigurationBuilder().Add(new YamlConfigurationSource(path)).Build();
        try
        {
            var yaml = (YamlConfigurationProvider)configuration.Providers.Single();
            var problems = CheckShape(yaml);
            var options = new AgentOptions();
            try
            {
                // A document that is not a mapping has no keys to bind: the shape problem says it all.
                if (yaml.Kinds[string.Empty] == ConfigNodeKind.Mapping)
                {
                    configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
                }
            }
            catch (InvalidOperationException e)
            {
                problems.AddRange(FromBinder(e, yaml));
            }

            // Values of the wrong shape or unknown keys make the value checks noise: report those first.
            if (problems.Count == 0)
            {
                problems.AddRange(AgentOptionsValidator.Check(options).Select(p => $"{yaml.Locate(p.Path)}: {p.DisplayKey}: {p.Message}"));
            }

            if (problems.Count > 0)
            {
                throw new AgentConfigException(string.Join('\n', problems));
            }

            return AgentOptionsValidator.ToSettings(options, path);
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }
    }

    private static List<string> CheckShape(YamlConfigurationProvider yaml)
    {
        var problems = new List<string>();
        foreach (var (path, kind) in yaml.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!AgentOptions.Shape.TryGetValue(ShapeKey(path), out var expected) || expected == kind)
            {
                continue;
            }

            // An empty value (YAML null) anywhere just keeps the default.
            if (kind == ConfigNodeKind.Scalar && yaml.TryGet(path, out var value) && value is null)
            {
                continue;
            }

            var key = path.Length == 0 ? "the document" : ConfigProblem.DisplayKeyOf(path);
            problems.Add($"{yaml.Locate(path)}: {key}: expected {Describe(expected)}, found {Describe(kind)}");
        }

        return problems;
    }

    private static List<string> FromBinder(InvalidOperationException e, YamlConfigurationProvider yaml)
    {
        var unknown = UnknownKeysMessage().Match(e.Message);
        if (!unknown.Success)
        {
            var at = ConversionMessage().Match(e.Message);
            return [at.Success ? $"{yaml.Locate(at.Groups["path"].Value)}: {ConfigProblem.DisplayKeyOf(at.Groups["path"].Value)}: {e.Message}" : $"{yaml.Path}: {e.Message}"];
        }

        var problems = new List<string>();
        foreach (Match name in QuotedName().Matches(unknown.Groups["names"].Value))
        {
            var key = name.Groups["name"].Value;
            var paths = yaml.PathsEndingWith(key)
                .Where(p => !AgentOptions.Shape.ContainsKey(ShapeKey(p)) && AgentOptions.Shape.TryGetValue(ShapeKey(Parent(p)), out var kind) && kind == ConfigNodeKind.Mapping)
                .ToList();
            if (paths.Count == 0)
            {
                problems.Add($"{yaml.Path}: unknown key '{key}'");
            }

            problems.AddRange(paths.Select(p => $"{yaml.Locate(p)}: unknown key '{ConfigProblem.DisplayKeyOf(p)}' (known here: {KnownKeysUnder(Parent(p))})"));
        }

        return problems;
    }

    private static string KnownKeysUnder(string parent) =>
        string.Join(", ", AgentOptions.Shape.Keys.Where(k => k.Length > 0 && Parent(k).Equals(parent, StringComparison.OrdinalIgnoreCase) && !k.EndsWith('*'))
            .Select(k => ConfigurationPath.GetSectionKey(k)));

    private static string Parent(string path) => ConfigurationPath.GetParentPath(path) ?? string.Empty;

    /// <summary>List indices become <c>*</c>, the form <see cref="AgentOptions.Shape"/> uses.</summary>
    private static string ShapeKey(string path) =>
        string.Join(':', path.Split(':').Select(segment => segment.Length > 0 && segment.All(char.IsAsciiDigit) ? "*" : segment));

    private static string Describe(ConfigNodeKind kind) => kind switch
    {
        ConfigNodeKind.Scalar => "a single value",
        ConfigNodeKind.Sequence => "a list",
        _ => "a mapping of keys",
    };

    // The configuration binder's wording (Microsoft.Extensions.Configuration.Binder); a changed wording still
    // fails the load, only with the binder's own message.
    [GeneratedRegex("were not found on the instance of [^:]+: (?<names>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex UnknownKeysMessage();

    [GeneratedRegex("'(?<name>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedName();

    [GeneratedRegex("value at '(?<path>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionMessage();
}
