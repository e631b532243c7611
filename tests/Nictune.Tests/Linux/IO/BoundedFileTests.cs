using Nictune.Linux.IO;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux.IO;

/// <summary>Issue 9 §4: special files and unbounded reads. Every read that could hang has a timeout.</summary>
public sealed class BoundedFileTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_fifo_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        using var dir = new TempDirectory();
        var fifo = dir.Fifo("profile.yaml");

        var error = await Assert.ThrowsAsync<BoundedFileException>(() => Task.Run(() => BoundedFile.TryReadAll(fifo, 1024)).WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.Equal($"{fifo}: is a FIFO, not a regular file", error.Message);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task A_device_that_never_ends_is_refused_without_reading_it(string device)
    {
        Prerequisite.Require(File.Exists(device), device);

        var error = await Assert.ThrowsAsync<BoundedFileException>(() => Task.Run(() => BoundedFile.TryReadAll(device, 1024)).WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.Equal($"{device}: is a character device, not a regular file", error.Message);
    }

    [Fact]
    public void A_link_to_a_device_is_refused_by_what_it_is_not_by_its_name()
    {
        using var dir = new TempDirectory();
        var link = Path.Join(dir.Path, "agent.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");

        var error = Assert.Throws<BoundedFileException>(() => BoundedFile.TryReadAll(link, 1024));

        Assert.Contains("character device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_and_one_at_the_limit_is_read()
    {
        using var dir = new TempDirectory();
        var path = Path.Join(dir.Path, "big");
        File.WriteAllBytes(path, new byte[1025]);

        var error = Assert.Throws<BoundedFileException>(() => BoundedFile.TryReadAll(path, 1024));
        Assert.Equal($"{path}: is larger than 1024 bytes, the limit for this file", error.Message);

        File.WriteAllBytes(path, new byte[1024]);
        Assert.Equal(1024, BoundedFile.TryReadAll(path, 1024)!.Length);
    }

    [Fact]
    public void A_procfs_file_whose_size_says_zero_is_still_bounded()
    {
        // /proc/self/maps reports st_size 0 whatever it holds: the limit must come from the read, not from fstat.
        var error = Assert.Throws<BoundedFileException>(() => BoundedFile.TryReadAll("/proc/self/maps", 16));
        Assert.Contains("larger than 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_directory_reads_as_null()
    {
        using var dir = new TempDirectory();
        Assert.Null(BoundedFile.TryReadAll(Path.Join(dir.Path, "absent"), 10));
        Assert.Null(BoundedFile.TryReadAll(Path.Join(dir.Path, "absent", "deeper"), 10));
    }

    [Fact]
    public void A_directory_is_refused()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<BoundedFileException>(() => BoundedFile.TryReadAll(dir.Path, 10));
        Assert.Contains("is a directory, not a regular file", error.Message, StringComparison.Ordinal);
    }
}
