using Nictune.Testing;

namespace Nictune.Tests.Linux.IO;

/// <summary>A private temporary directory for files the test plants (FIFOs, links), deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-io-");

    public string Path => _dir.FullName;

    /// <summary>Makes a FIFO with mkfifo(1), which no reader here ever opens for writing.</summary>
    public string Fifo(string name)
    {
        var path = System.IO.Path.Join(Path, name);
        Prerequisite.RequireTool("mkfifo");
        Tools.Check("mkfifo", path);
        return path;
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
