using System.Runtime.InteropServices;
using Nictune.Linux.Profiles;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

[CollectionDefinition(nameof(UmaskTests), DisableParallelization = true)]
public sealed class UmaskTestsAlone;

/// <summary>
/// Issue 23 §3: directories and files nictune creates get their modes whatever the umask. The umask is the test
/// process's own, so this runs alone (its collection disables parallel runs) and puts it back.
/// </summary>
[Collection(nameof(UmaskTests))]
public sealed partial class UmaskTests
{
    [Fact]
    public void Under_umask_000_a_push_into_a_missing_state_directory_creates_trusted_modes()
    {
        using var dir = new TempStateDirectory();
        var state = Path.Join(dir.Path, "state");
        var store = new PushedProfileStore(state);
        var previous = umask(0);
        try
        {
            store.Push("mine", "name: mine\n");
        }
        finally
        {
            _ = umask(previous);
        }

        Assert.Equal("755", ModeOf(state));
        Assert.Equal("755", ModeOf(store.Directory));
        Assert.Equal("644", ModeOf(store.PathOf("mine")));
        Assert.Equal("644", ModeOf(store.RecordPath));
        Assert.Equal("mine", store.Read().Name);
    }

    private static string ModeOf(string path) => Tools.Check("stat", "-c", "%a", path).Trim();

    [LibraryImport("libc", SetLastError = false)]
    private static partial uint umask(uint mask);
}
