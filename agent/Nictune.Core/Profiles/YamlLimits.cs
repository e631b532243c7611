using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nictune.Core.Profiles;

/// <summary>
/// The limits every YAML file nictune reads passes before YamlDotNet builds a node tree from it: profiles and
/// agent.yaml alike. YamlDotNet builds nodes recursively, so a file of a million '[' overflows the stack and kills the
/// process; and a few lines of anchors and aliases (a "billion laughs" alias bomb) expand to gigabytes in anything that
/// walks the tree. The pass uses YamlDotNet's event parser, an explicit state machine with no recursion, so it is safe
/// on any input; it throws <see cref="YamlException"/> on bad syntax.
/// </summary>
public static class YamlLimits
{
    /// <summary>
    /// The first place <paramref name="text"/> nests lists and mappings deeper than <paramref name="maxDepth"/>, or uses
    /// more than <paramref name="maxAliases"/> aliases (<c>*name</c>), with what is wrong; null when it does neither.
    /// Throws <see cref="YamlException"/> for text that is not YAML, including the inputs on which YamlDotNet's scanner
    /// fails with <see cref="InvalidOperationException"/> instead (a block scalar inside a flow sequence) and its parser
    /// with <see cref="ArgumentException"/> (a tag that is not a valid URI), both found by the fuzz tests, so callers
    /// have one error to report.
    /// </summary>
    public static (Mark Where, string Problem)? FindViolation(string text, int maxDepth, int maxAliases)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var aliases = 0;
        while (MoveNext(parser))
        {
            switch (parser.Current)
            {
                case SequenceStart or MappingStart when ++depth > maxDepth:
                    return (parser.Current.Start, $"lists and mappings nest deeper than {maxDepth} levels");
                case SequenceEnd or MappingEnd:
                    depth--;
                    break;
                case AnchorAlias when ++aliases > maxAliases:
                    return (parser.Current.Start, maxAliases == 0
                        ? "aliases (*name) are not supported here: write the value out"
                        : $"more than {maxAliases} aliases (*name)");
            }
        }

        return null;
    }

    /// <summary>
    /// Loads the node tree of text that passed <see cref="FindViolation"/>. YamlDotNet's representation model throws
    /// <see cref="ArgumentException"/> ("the current event is of an unsupported type") on some malformed input the
    /// event parser accepts (found by the fuzz tests); that is turned into a <see cref="YamlException"/> too.
    /// </summary>
    public static YamlDotNet.RepresentationModel.YamlStream Load(string text)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new YamlException(Mark.Empty, Mark.Empty, $"the YAML could not be read ({e.Message})", e);
        }

        return stream;
    }

    private static bool MoveNext(Parser parser)
    {
        var at = parser.Current?.End ?? Mark.Empty;
        try
        {
            return parser.MoveNext();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new YamlException(at, at, $"the YAML parser could not read past here ({e.Message})", e);
        }
    }
}
