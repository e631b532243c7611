namespace Nictune.Tests.Host.Daemon;

/// <summary>A temporary agent.yaml that deletes itself.</summary>
internal sealed class ConfigFile : IDisposable
{
    public ConfigFile(string yaml)
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), $"nictune-agent-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
