using System.Globalization;
using System.Text.RegularExpressions;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api.Mapping;

/// <summary>Problems as the wire carries them.</summary>
public static partial class ProblemMapping
{
    /// <summary>A configuration problem line (<c>file:line:column: key: message</c>) as a structured problem; a line of another shape is its message.</summary>
    public static Problem FromConfigLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = ProblemLine().Match(line);
        return match.Success
            ? new Problem
            {
                File = match.Groups["file"].Value,
                Line = uint.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture),
                Column = match.Groups["column"].Success ? uint.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture) : 0,
                Message = match.Groups["message"].Value,
            }
            : new Problem { Message = line };
    }

    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>\d+)(:(?<column>\d+))?: (?<message>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ProblemLine();
}
