namespace Nictune.Tests.Transactions;

/// <summary>A temporary state directory, deleted on dispose.</summary>
internal sealed class TempStateDirectory : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-state-");

    public string Path => _dir.FullName;

    public void Dispose() => _dir.Delete(recursive: true);
}
