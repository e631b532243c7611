using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nictune.Core.Profiles;

/// <summary>
/// The limits every YAML file nictune reads is held to while YamlDotNet builds its node tree: profiles and agent.yaml
/// alike. YamlDotNet builds nodes recursively, so a file of a million '[' would overflow the stack and kill the
/// process; and a few lines of anchors and aliases (a "billion laughs" alias bomb) expand to gigabytes in anything that
/// walks the tree. The tree is built from YamlDotNet's event parser (an explicit state machine with no recursion)
/// through <see cref="LimitedParser"/>, which counts nesting and aliases as the events go by and stops at the first
/// one over a limit, before the builder has recursed any deeper: one pass over the text, safe on any input.
/// </summary>
public static class YamlLimits
{
    /// <summary>
    /// The node tree of <paramref name="text"/>. Throws <see cref="YamlLimitException"/> at the first place the text
    /// nests lists and mappings deeper than <paramref name="maxDepth"/> or uses more than <paramref name="maxAliases"/>
    /// aliases (<c>*name</c>), and <see cref="YamlException"/> for text that is not YAML, including the inputs on which
    /// YamlDotNet's scanner fails with <see cref="InvalidOperationException"/> instead (a block scalar inside a flow
    /// sequence), its parser with <see cref="ArgumentException"/> (a tag that is not a valid URI) and its
    /// representation model with <see cref="ArgumentException"/> ("the current event is of an unsupported type"), all
    /// found by the fuzz tests, so callers have one error to report.
    /// </summary>
    public static YamlDotNet.RepresentationModel.YamlStream Load(string text, int maxDepth, int maxAliases)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new LimitedParser(new Parser(new StringReader(text)), maxDepth, maxAliases);
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new YamlException(parser.LastEnd, parser.LastEnd, $"the YAML could not be read ({e.Message})", e);
        }

        return stream;
    }
}
