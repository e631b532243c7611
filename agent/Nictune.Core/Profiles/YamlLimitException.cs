using YamlDotNet.Core;

namespace Nictune.Core.Profiles;

/// <summary>A YAML text over one of <see cref="YamlLimits"/>' limits; <see cref="Problem"/> says which, at <see cref="YamlException.Start"/>.</summary>
public sealed class YamlLimitException : YamlException
{
    public YamlLimitException(Mark where, string problem)
        : base(where, where, problem)
    {
        Problem = problem;
    }

    public YamlLimitException()
        : this(Mark.Empty, "a YAML limit was exceeded")
    {
    }

    public YamlLimitException(string message)
        : this(Mark.Empty, message)
    {
    }

    public YamlLimitException(string message, Exception inner)
        : base(message, inner)
    {
        Problem = message;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
