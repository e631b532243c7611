using Nictune.Core.Transactions;
using Nictune.Linux.State;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

/// <summary>
/// The pending confirmation (<c>pending.json</c>, docs/state.md): written and read back whole, and, since the agent
/// reverts what it names, refused with a clear error naming the file and the field when it is anything else.
/// </summary>
public sealed class PendingConfirmationStoreTests : IDisposable
{
    private readonly TempStateDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PendingPath => Path.Join(_dir.Path, FileStateStore.PendingFile);

    [Fact]
    public void A_pending_change_is_written_read_back_and_cleared()
    {
        var store = new FileStateStore(_dir.Path);
        var pending = new PendingConfirmation("20261207T193000Z-0123abcd", TransactionVerbs.Apply, new DateTimeOffset(2026, 12, 7, 19, 31, 0, TimeSpan.Zero));

        Assert.Null(store.ReadPending());
        store.WritePending(pending);
        Assert.Equal(pending, new FileStateStore(_dir.Path).ReadPending());
        Assert.Null(store.Check(FileStateStore.PendingFile));

        store.ClearPending();
        Assert.False(File.Exists(PendingPath));
        Assert.Null(store.ReadPending());
    }

    [Fact]
    public void The_pushed_store_before_a_push_is_kept_with_the_pending_change()
    {
        var store = new FileStateStore(_dir.Path);
        var document = "name: first\nsysctl:\n  net.core.somaxconn: 2048\n";
        var pending = new PendingConfirmation("20261207T193000Z-0123abcd", TransactionVerbs.Apply, new DateTimeOffset(2026, 12, 7, 19, 31, 0, TimeSpan.Zero), new PushedBefore(7, "first", document));

        store.WritePending(pending);

        Assert.Equal(pending, new FileStateStore(_dir.Path).ReadPending());
        store.WritePending(pending with { Pushed = new PushedBefore(0, null, null) });
        Assert.Equal(new PushedBefore(0, null, null), new FileStateStore(_dir.Path).ReadPending()!.Pushed);
    }

    [Theory]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"apply","deadline":"2026-12-07T19:31:00Z","pushed":{"generation":1,"name":"../x","document":"name: x"}}""", "pushed.name")]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"apply","deadline":"2026-12-07T19:31:00Z","pushed":{"generation":1,"name":"first"}}""", "pushed")]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"apply","deadline":"2026-12-07T19:31:00Z","pushed":{"generation":-1}}""", "pushed")]
    [InlineData("""{"transactionId":"../../etc/passwd","verb":"apply","deadline":"2026-12-07T19:31:00Z"}""", "transactionId")]
    [InlineData("""{"transactionId":"","verb":"apply","deadline":"2026-12-07T19:31:00Z"}""", "transactionId")]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"reconcile","deadline":"2026-12-07T19:31:00Z"}""", "verb")]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"apply","deadline":"0001-01-01T00:00:00Z"}""", "deadline")]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"apply"}""", "deadline")]
    [InlineData("""{"transactionId":"20261207T193000Z-0123abcd","verb":"apply","deadline":"soon"}""", "deadline")]
    [InlineData("""[]""", "the document")]
    [InlineData("""{"transactionId":null,"verb":"apply","deadline":"2026-12-07T19:31:00Z"}""", "transactionId")]
    public void A_bad_record_is_refused_naming_the_file_and_the_field(string document, string field)
    {
        File.WriteAllText(PendingPath, document);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(_dir.Path).ReadPending());

        Assert.Contains(FileStateStore.PendingFile, error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_over_the_byte_limit_is_refused_unread()
    {
        File.WriteAllText(PendingPath, "{\"transactionId\":\"" + new string('a', FileStateStore.PendingLimit) + "\",\"verb\":\"apply\",\"deadline\":\"2026-12-07T19:31:00Z\"}");

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(_dir.Path).ReadPending());

        Assert.Contains(FileStateStore.PendingFile, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(3600, true)]
    [InlineData(9, false)]
    [InlineData(3601, false)]
    [InlineData(-60, false)]
    public void A_window_is_10_seconds_to_an_hour(int seconds, bool valid) =>
        Assert.Equal(valid, PendingConfirmation.CheckWindow(TimeSpan.FromSeconds(seconds)) is null);

    [Fact]
    public void A_stored_deadline_further_than_an_hour_away_is_cut_to_an_hour_from_now()
    {
        var now = new DateTimeOffset(2026, 12, 7, 19, 0, 0, TimeSpan.Zero);
        var far = new PendingConfirmation("20261207T190000Z-0123abcd", TransactionVerbs.Apply, now.AddYears(5));

        Assert.Equal(now + PendingConfirmation.MaxWindow, far.Bounded(now).Deadline);
        Assert.Equal(now.AddSeconds(30), (far with { Deadline = now.AddSeconds(30) }).Bounded(now).Deadline);
    }
}
