using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// Reads the agent configuration: YAML → <see cref="IConfiguration"/> → every key and node kind checked against
/// <see cref="AgentOptions.Shape"/> → <see cref="AgentOptions"/> (source-generated binder) →
/// <see cref="AgentOptionsValidator"/> → <see cref="AgentSettings"/>.
/// Every problem is reported at once, each as <c>file:line:column: key: what is wrong</c>.
/// </summary>
public static class AgentConfigLoader
{
    public const string DefaultPath = "/etc/nictune/agent.yaml";

    /// <param name="explicitPath">The <c>--config</c> file; null reads <see cref="DefaultPath"/>, whose absence means defaults.</param>
    /// <exception cref="AgentConfigException">The file is missing (when explicit), unreadable or invalid.</exception>
    public static AgentSettings Load(string? explicitPath) => Load(explicitPath, DefaultPath);

    /// <param name="explicitPath">The <c>--config</c> file; null reads <paramref name="defaultPath"/>, whose absence means defaults.</param>
    /// <param name="defaultPath">The file read when none is given (tests point it away from this machine's own).</param>
    /// <exception cref="AgentConfigException">The file is missing (when explicit), unreadable or invalid.</exception>
    public static AgentSettings Load(string? explicitPath, string defaultPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(defaultPath);
        var path = explicitPath ?? defaultPath;
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

            // Unknown keys and values of the wrong shape are found against AgentOptions.Shape, never by reading the
            // binder's messages; they make the value checks noise, so those run only on a well-formed file.
            var problems = CheckShape(yaml);
            AgentOptions? options = null;
            if (problems.Count == 0)
            {
                // Bound once: the checks read it and the settings are made of it.
                options = Bind(configuration, yaml);
                problems.AddRange(AgentOptionsValidator.Check(options).Select(p => $"{yaml.Locate(p.Path)}: {p.DisplayKey}: {p.Message}"));
            }

            if (problems.Count > 0)
            {
                throw new AgentConfigException(string.Join('\n', problems));
            }

            return AgentOptionsValidator.ToSettings(options!, path);
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Binds a file <see cref="CheckShape"/> accepted. Every option is a string or a list of strings, so the binder
    /// has nothing to convert; its unknown-key check stays on only as a guard against Shape and AgentOptions
    /// drifting apart, and its message is then passed on as it is.
    /// </summary>
    private static AgentOptions Bind(IConfiguration configuration, YamlConfigurationProvider yaml)
    {
        var options = new AgentOptions();
        try
        {
            configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new AgentConfigException($"{yaml.Path}: {e.Message}", e);
        }

        // An empty list has no keys for the binder to see, but `listen: []` means "off", not "the default".
        if (options.Metrics.Listen is null && yaml.Kinds.TryGetValue("metrics:listen", out var listen) && listen == ConfigNodeKind.Sequence)
        {
            options.Metrics.Listen = [];
        }

        return options;
    }

    private static List<string> CheckShape(YamlConfigurationProvider yaml)
    {
        var problems = new List<string>();
        foreach (var (path, kind) in yaml.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!AgentOptions.Shape.TryGetValue(ShapeKey(path), out var expected))
            {
                // Reported once, where it appears in a mapping that is itself known and well-formed; what lies
                // under an unknown key or a misshapen value is covered by that key's own problem.
                var parent = Parent(path);
                if (AgentOptions.Shape.TryGetValue(ShapeKey(parent), out var parentShape) && parentShape == ConfigNodeKind.Mapping
                    && yaml.Kinds.TryGetValue(parent, out var parentKind) && parentKind == ConfigNodeKind.Mapping)
                {
                    var known = KnownKeysUnder(parent);
                    problems.Add($"{yaml.Locate(path)}: unknown key '{ConfigProblem.DisplayKeyOf(path)}' (known here: {known})");
                }

                continue;
            }

            if (expected == kind)
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
}
