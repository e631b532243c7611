using System.Runtime.InteropServices;
using Nictune.Linux.Profiles;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

[CollectionDefinition(nameof(UmaskTests), DisableParallelization = true)]
public sealed class UmaskCollection;

/// <summary>
/// Issue 23 §3: directories and files nictune creates get their modes whatever the umask. The umask is the test
/// process's own, so this runs alone (its collection disables parallel runs) and puts it back.
/// </summary>
[Collection(nameof(UmaskTests))]
public sealed partial class UmaskTests
{
    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

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
            umask(previous);
        }

        Assert.Equal(Mode755, File.GetUnixFileMode(state));
        Assert.Equal(Mode755, File.GetUnixFileMode(store.Directory));
        Assert.Equal(Mode644, File.GetUnixFileMode(store.PathOf("mine")));
        Assert.Equal(Mode644, File.GetUnixFileMode(store.RecordPath));
        Assert.Equal("mine", store.Read().Name);
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial uint umask(uint mask);
}
