using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>A YAML file as an <see cref="IConfigurationSource"/>; see <see cref="YamlConfigurationProvider"/>.</summary>
public sealed class YamlConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new YamlConfigurationProvider(Path);
}
