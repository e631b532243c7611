using Microsoft.Extensions.Configuration;
using Nictune.Core.Profiles;
using Nictune.Linux.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// Flattens a YAML file into configuration keys (<c>interfaces:include:0</c>) with YamlDotNet's representation
/// model: no object deserializer, so no reflection and nothing for AOT to trip on. It also remembers where each
/// key was written and what kind of node it held, so errors can name the line.
/// </summary>
public sealed class YamlConfigurationProvider(string path) : ConfigurationProvider
{
    private readonly Dictionary<string, Mark> _locations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ConfigNodeKind> _kinds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest agent.yaml read; the documented file with every key is under 2 KiB.</summary>
    public const int MaxBytes = 64 * 1024;

    public string Path { get; } = path;

    /// <summary>The node kind at each configuration path ("" is the document root).</summary>
    public IReadOnlyDictionary<string, ConfigNodeKind> Kinds => _kinds;

    /// <summary>"file:line:column" of a key (its nearest written ancestor when the path itself is absent).</summary>
    public string Locate(string configurationPath)
    {
        var key = configurationPath;
        while (true)
        {
            if (_locations.TryGetValue(key, out var mark))
            {
                return $"{Path}:{mark.Line}:{mark.Column}";
            }

            if (key.Length == 0)
            {
                return Path;
            }

            var colon = key.LastIndexOf(':');
            key = colon < 0 ? string.Empty : key[..colon];
        }
    }

    /// <exception cref="AgentConfigException">The file cannot be read or is not valid YAML (with line and column).</exception>
    public override void Load()
    {
        _locations.Clear();
        _kinds.Clear();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            // The same protections as a profile: a bounded read of a regular file only (a FIFO or /dev/zero is
            // refused, not read), the nesting limit, and no aliases, which a configuration never needs and which
            // would let a few lines expand to gigabytes when flattened into keys.
            var text = BoundedFile.TryReadText(Path, MaxBytes) ?? throw new FileNotFoundException($"{Path}: no such file");
            stream = YamlLimits.Load(text, ProfileParser.MaxDepth, maxAliases: 0);
        }
        catch (YamlLimitException e)
        {
            throw new AgentConfigException($"{Path}:{e.Start.Line}:{e.Start.Column}: {e.Problem}", e);
        }
        catch (YamlException e)
        {
            throw new AgentConfigException($"{Path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {InnermostMessage(e)}", e);
        }
        catch (BoundedFileException e)
        {
            throw new AgentConfigException($"{Path}: {e.Reason}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AgentConfigException($"{Path}: cannot read: {e.Message}", e);
        }

        switch (stream.Documents.Count)
        {
            case 0:
                // An empty file (or only comments) means all defaults.
                _kinds[string.Empty] = ConfigNodeKind.Mapping;
                break;
            case 1:
                _locations[string.Empty] = stream.Documents[0].RootNode.Start;
                Visit(stream.Documents[0].RootNode, string.Empty, data);
                break;
            default:
                throw new AgentConfigException($"{Path}:{stream.Documents[1].RootNode.Start.Line}:1: only one YAML document is allowed");
        }

        Data = data;
    }

    private void Visit(YamlNode node, string path, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                _kinds[path] = ConfigNodeKind.Mapping;
                foreach (var (keyNode, value) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } || key.Contains(':', StringComparison.Ordinal))
                    {
                        throw new AgentConfigException($"{Path}:{keyNode.Start.Line}:{keyNode.Start.Column}: keys must be plain words");
                    }

                    var child = Child(path, key);
                    if (!_locations.TryAdd(child, keyNode.Start))
                    {
                        // Configuration keys are case-insensitive, so "Mode" and "mode" would silently merge.
                        throw new AgentConfigException($"{Path}:{keyNode.Start.Line}:{keyNode.Start.Column}: duplicate key '{ConfigProblem.DisplayKeyOf(child)}'");
                    }

                    Visit(value, child, data);
                }

                break;
            case YamlSequenceNode sequence:
                _kinds[path] = ConfigNodeKind.Sequence;
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = Child(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    _locations[child] = sequence.Children[i].Start;
                    Visit(sequence.Children[i], child, data);
                }

                break;
            case YamlScalarNode scalar:
                _kinds[path] = ConfigNodeKind.Scalar;
                _locations.TryAdd(path, scalar.Start);
                data[path] = IsNull(scalar) ? null : scalar.Value;
                break;
        }
    }

    // ConfigurationPath.Combine would turn ("", "mode") into ":mode", an empty top-level key.
    private static string Child(string path, string key) => path.Length == 0 ? key : ConfigurationPath.Combine(path, key);

    // YAML's null: an empty value, ~ or null, unquoted. A null key keeps the option's default.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
