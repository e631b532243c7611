using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>The nictune.agent collection (packaging/ansible) laid out where Ansible looks for it.</summary>
internal static class AnsibleCollection
{
    public static string Source => Path.Join(NictuneBinary.RepoRoot, "packaging", "ansible");

    /// <summary>Copies the collection to <c>ROOT/ansible_collections/nictune/agent</c>; ROOT is then a collections path.</summary>
    public static string Install(string root)
    {
        var target = Path.Join(root, "ansible_collections", "nictune", "agent");
        foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Join(target, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return root;
    }
}
