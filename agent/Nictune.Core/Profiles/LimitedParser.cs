using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nictune.Core.Profiles;

/// <summary>
/// YamlDotNet's event parser with <see cref="YamlLimits"/>' limits applied as the events are read: the first
/// list or mapping nested deeper than the limit, or the first alias over the limit, throws
/// <see cref="YamlLimitException"/> at its place, so whatever consumes the events never sees it.
/// </summary>
internal sealed class LimitedParser(Parser inner, int maxDepth, int maxAliases) : IParser
{
    private int _depth;
    private int _aliases;

    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the last event read ended: the place to name when reading past it fails.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        LastEnd = inner.Current?.End ?? LastEnd;
        bool moved;
        try
        {
            moved = inner.MoveNext();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new YamlException(LastEnd, LastEnd, $"the YAML parser could not read past here ({e.Message})", e);
        }

        switch (inner.Current)
        {
            case SequenceStart or MappingStart when ++_depth > maxDepth:
                throw new YamlLimitException(inner.Current.Start, $"lists and mappings nest deeper than {maxDepth} levels");
            case SequenceEnd or MappingEnd:
                _depth--;
                break;
            case AnchorAlias when ++_aliases > maxAliases:
                throw new YamlLimitException(inner.Current.Start, maxAliases == 0
                    ? "aliases (*name) are not supported here: write the value out"
                    : $"more than {maxAliases} aliases (*name)");
        }

        return moved;
    }
}
