using Nictune.Linux.IO;

namespace Nictune.Tests.Linux.Tuning;

/// <summary>A temporary directory standing in for / with the sysfs and procfs files a test lays out.</summary>
internal sealed class FixtureRoot : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-root-");

    public FixtureRoot() => Root = new SystemRoot(_dir.FullName);

    public SystemRoot Root { get; }

    public FixtureRoot With(string systemPath, string content)
    {
        var path = Root.Map(systemPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public string Content(string systemPath) => File.ReadAllText(Root.Map(systemPath));

    public void Dispose() => _dir.Delete(recursive: true);
}
