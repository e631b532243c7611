using Nictune.Core.Profiles;

namespace Nictune.Tests.Profiles;

/// <summary>Profiles parsed from text, looked up by name: a catalog without files.</summary>
internal sealed class InMemoryLookup : IProfileLookup
{
    private readonly Dictionary<string, Profile> profiles = new(StringComparer.Ordinal);

    public InMemoryLookup(params (string Name, string Yaml)[] files)
    {
        foreach (var (name, yaml) in files)
        {
            profiles[name] = ProfileParser.Parse(yaml, $"{name}.yaml");
        }
    }

    public List<string> Requests { get; } = [];

    public string SearchDescription => "memory";

    public Profile Get(string name) => profiles[name];

    public Profile? Find(string name)
    {
        Requests.Add(name);
        return profiles.GetValueOrDefault(name);
    }
}
