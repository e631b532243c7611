using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>The nictune.agent collection (packaging/ansible) against ansible-core's own checks.</summary>
public sealed class AnsibleCollectionTests
{
    private static string Collection => AnsibleCollection.Source;

    [Fact]
    public void Ansible_test_sanity_is_clean()
    {
        Prerequisite.RequireTool("ansible-test");
        Prerequisite.RequireTool("pylint");
        Prerequisite.RequireTool("yamllint");
        var script = Path.Join(NictuneBinary.RepoRoot, "tests", "Nictune.IntegrationTests", "Fleet", "ansible-sanity.sh");

        var result = Tools.Run("bash", [script, Collection], stdin: null, environment: null, TimeSpan.FromMinutes(8));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Running sanity test \"validate-modules\"", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Running sanity test \"pylint\"", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR:", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_module_documents_its_options_for_ansible_doc()
    {
        Prerequisite.RequireTool("ansible-doc");
        var root = Directory.CreateTempSubdirectory("nictune-ansible-doc-");
        try
        {
            AnsibleCollection.Install(root.FullName);
            var environment = new Dictionary<string, string?> { ["ANSIBLE_COLLECTIONS_PATH"] = root.FullName };
            foreach (var (kind, name, option) in new[]
                     {
                         ("module", "nictune_profile", "expected_generation"), ("module", "nictune_rollback", "to"),
                         ("module", "nictune_facts", "target"), ("role", "agent", "nictune_profile"),
                     })
            {
                var doc = Tools.Run("ansible-doc", ["-t", kind, "nictune.agent." + name], stdin: null, environment, TimeSpan.FromSeconds(120));
                Assert.True(doc.ExitCode == 0, doc.Stdout + doc.Stderr);
                Assert.Contains(option, doc.Stdout, StringComparison.Ordinal);
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
