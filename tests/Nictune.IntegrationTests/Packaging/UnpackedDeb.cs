namespace Nictune.IntegrationTests.Packaging;

/// <summary>A .deb's files unpacked (dpkg-deb -x) into a temporary directory, deleted on dispose.</summary>
internal sealed record UnpackedDeb(string Path) : IDisposable
{
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
