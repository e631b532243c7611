namespace Nictune.Host.Daemon.Configuration;

/// <summary>The kind of a YAML node, for messages like "expected a list, found a mapping".</summary>
public enum ConfigNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}
