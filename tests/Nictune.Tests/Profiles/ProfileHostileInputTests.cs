using Nictune.Core.Profiles;
using Nictune.Linux.Profiles;
using Nictune.Tests.Linux.IO;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>Issue 9 §4, §5 and §7 for profiles: special files, extends depth, and errors that never quote a file.</summary>
public sealed class ProfileHostileInputTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(ProfileResolver.MaxDepth)]
    public void A_chain_up_to_the_limit_resolves(int depth)
    {
        WriteChain(depth);

        var profile = new ProfileCatalog([_dir.Path]).Load("p0");

        Assert.Empty(profile.Extends);
    }

    [Fact]
    public async Task A_chain_past_the_limit_is_an_error_naming_the_chain()
    {
        WriteChain(30_000);

        var e = await Assert.ThrowsAsync<ProfileException>(() => Task.Run(() => new ProfileCatalog([_dir.Path]).Load("p0")).WaitAsync(Patience, TestContext.Current.CancellationToken));

        var error = Assert.Single(e.Errors);
        Assert.Equal("extends[0]", error.Field);
        Assert.Equal($"extends chain deeper than {ProfileResolver.MaxDepth} profiles: {string.Join(" -> ", Enumerable.Range(0, ProfileResolver.MaxDepth + 1).Select(i => $"p{i}"))}", error.Message);
        Assert.EndsWith($"p{ProfileResolver.MaxDepth - 1}.yaml", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_or_a_device_as_a_profile_is_refused_at_once()
    {
        var fifo = _dir.Fifo("fifo.yaml");
        var zero = Path.Join(_dir.Path, "zero.yaml");
        File.CreateSymbolicLink(zero, "/dev/zero");
        var catalog = new ProfileCatalog([_dir.Path]);

        var fromFifo = await Assert.ThrowsAsync<ProfileException>(() => Task.Run(() => catalog.Load(fifo)).WaitAsync(Patience, TestContext.Current.CancellationToken));
        var fromZero = await Assert.ThrowsAsync<ProfileException>(() => Task.Run(() => catalog.Load("zero")).WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.Equal($"{fifo}: is a FIFO, not a regular file", fromFifo.Message);
        Assert.Equal($"{zero}: is a character device, not a regular file", fromZero.Message);
    }

    [Fact]
    public void A_profile_linked_to_a_secret_file_is_refused_without_quoting_it()
    {
        var shadow = Path.Join(_dir.Path, "shadow");
        File.WriteAllText(shadow, "root:$6$hash-one:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nalice:$6$hash-two:19000:0:99999:7:::\n");
        var link = Path.Join(_dir.Path, "innocent.yaml");
        File.CreateSymbolicLink(link, shadow);

        var fromFile = Assert.Throws<ProfileException>(() => new ProfileCatalog([_dir.Path]).Load(link));
        File.WriteAllText(Path.Join(_dir.Path, "child.yaml"), "extends: [innocent]\n");
        var fromExtends = Assert.Throws<ProfileException>(() => new ProfileCatalog([_dir.Path]).Load("child"));

        foreach (var message in new[] { fromFile.Message, fromExtends.Message })
        {
            Assert.DoesNotContain("hash-two", message, StringComparison.Ordinal);
            Assert.DoesNotContain("daemon:", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_key_of_a_megabyte_is_quoted_truncated()
    {
        var path = Path.Join(_dir.Path, "long.yaml");
        File.WriteAllText(path, new string('k', 500_000) + ": 1\n");

        var e = Assert.Throws<ProfileException>(() => new ProfileCatalog([_dir.Path]).Load(path));

        Assert.True(e.Message.Length < 1000, $"{e.Message.Length} characters");
    }

    private void WriteChain(int depth)
    {
        for (var i = 0; i < Math.Min(depth, ProfileResolver.MaxDepth + 2); i++)
        {
            var extends = i + 1 < depth ? $"extends: [p{i + 1}]\n" : string.Empty;
            File.WriteAllText(Path.Join(_dir.Path, $"p{i}.yaml"), $"{extends}description: level {i}\n");
        }
    }
}
