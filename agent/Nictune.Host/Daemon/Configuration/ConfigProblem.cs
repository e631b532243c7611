namespace Nictune.Host.Daemon.Configuration;

/// <summary>One thing wrong with the configuration.</summary>
/// <param name="Path">The configuration path (<c>interfaces:include:0</c>); the loader maps it to a file line.</param>
public sealed record ConfigProblem(string Path, string Message)
{
    /// <summary>The key as a user writes it: <c>interfaces.include[0]</c>.</summary>
    public string DisplayKey => DisplayKeyOf(Path);

    public static string DisplayKeyOf(string path)
    {
        var parts = path.Split(':');
        var key = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                key.Append('[').Append(part).Append(']');
            }
            else
            {
                key.Append(key.Length > 0 ? "." : string.Empty).Append(part);
            }
        }

        return key.ToString();
    }
}
