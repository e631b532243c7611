namespace Nictune.Host.Tuning;

/// <summary>One profile the agent can name: its file and where it comes from; <paramref name="Text"/> is the pushed profile's, as the loop read it (others are read from <paramref name="Path"/>).</summary>
internal sealed record ProfileFile(string Name, string Path, ProfileFile.Kind Origin, string? Text = null)
{
    public enum Kind
    {
        Shipped,
        Admin,
        Pushed,
    }

    /// <summary>The file's text: the pushed profile's as the loop read it; another's read now, empty when it cannot be read.</summary>
    public string ReadText()
    {
        try
        {
            return Text ?? File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
