using Nictune.Core.Status;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;
using Xunit;

namespace Nictune.Tests.Host.Tuning;

/// <summary>Which profile the agent enforces, and where it says it came from: pushed wins over configured, configured over auto.</summary>
public sealed class ProfileSelectionTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-select-");

    public ProfileSelectionTests()
    {
        Directory.CreateDirectory(Profiles);
        foreach (var name in new[] { "auto", "mine" })
        {
            File.WriteAllText(Path.Join(Profiles, name + ".yaml"), $"name: {name}\nsysctl:\n  net.core.somaxconn: 1024\n");
        }
    }

    private string Profiles => Path.Join(_dir.FullName, "profiles");

    private string StateDir => Path.Join(_dir.FullName, "state");

    private ProfileCatalog Catalog => new([Profiles]);

    [Fact]
    public void The_configured_profile_is_configured_and_auto_is_auto()
    {
        Assert.Equal(("mine", ProfileSource.Configured), Select("mine"));
        Assert.Equal(("auto", ProfileSource.Auto), Select("auto"));
    }

    [Fact]
    public void A_pushed_profile_wins_until_it_is_removed()
    {
        var store = new PushedProfileStore(StateDir);
        store.Push("pushed", "name: pushed\nsysctl:\n  net.core.somaxconn: 2048\n");

        Assert.Equal(("pushed", ProfileSource.Pushed), Select("mine"));

        store.Remove();

        Assert.Equal(("mine", ProfileSource.Configured), Select("mine"));
    }

    [Fact]
    public void An_invalid_pushed_profile_enforces_nothing_not_the_configured_one_and_says_where_without_quoting_it()
    {
        new PushedProfileStore(StateDir).Push("broken", "name: broken\nsysctl:\n  kernel.SECRET_TOKEN_abc123: 1\n");

        var choice = ProfileSelection.Select(StateDir, "mine", Catalog);

        Assert.Null(choice.Profile);
        Assert.Equal(ProfileSource.None, choice.Source);
        Assert.Equal((1UL, "broken"), (choice.Pushed.Generation, choice.Pushed.Name));
        Assert.StartsWith($"{Path.Join(StateDir, "pushed", "broken.yaml")}: the pushed profile is invalid (1 problem(s), the first at line 3)", choice.Pushed.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", choice.Pushed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pushed_store_that_cannot_be_read_enforces_nothing_and_says_why()
    {
        var store = new PushedProfileStore(StateDir);
        store.Push("pushed", "name: pushed\nsysctl:\n  net.core.somaxconn: 2048\n");
        File.Delete(store.PathOf("pushed"));

        var choice = ProfileSelection.Select(StateDir, "mine", Catalog);

        Assert.Null(choice.Profile);
        Assert.Equal(1UL, choice.Pushed.Generation);
        Assert.Contains("the pushed profiles are inconsistent", choice.Pushed.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (string, ProfileSource) Select(string configured)
    {
        var choice = ProfileSelection.Select(StateDir, configured, Catalog);
        return (choice.Profile!.Name, choice.Source);
    }
}
