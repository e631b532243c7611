using Nictune.Core.Guard;
using Nictune.Linux.Guard;
using Nictune.Linux.IO;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>
/// On the real kernel: the guard's round of samples from one rtnetlink dump gives, for every interface, what the
/// sysfs files give one interface at a time (docs/guard.md): the carrier of a running link with its peer up, of one
/// whose peer is down, and of one that is down itself, and the rx counter; an interface that is not there is null.
/// </summary>
public sealed class LinuxHealthObserverTests
{
    [Fact]
    public void A_round_from_the_link_dump_gives_what_sysfs_gives_each_interface()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        using var ns = NetNamespace.Create("ntguard");
        ns.AddVethPair("ga0", "gb0");
        ns.AddVethPair("ga1", "gb1");
        ns.Ip("link", "set", "gb1", "down");
        string[] nics = ["ga0", "gb0", "ga1", "gb1", "lo", "gone0"];

        // The counters move while IPv6 sends its first packets on a new link: both reads are taken again until they
        // agree, for at most 30 s; a difference that lasts fails the assertions below all the same.
        var (dumped, files) = NamespaceThread.RunWithSysfs(ns, () =>
        {
            using var observer = new LinuxHealthObserver(SystemRoot.Live);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var read = (observer.Sample(nics), nics.Select(observer.Sample).ToList());
                if (read.Item1.SequenceEqual(read.Item2) || DateTime.UtcNow > deadline)
                {
                    return read;
                }

                Thread.Sleep(200);
            }
        });

        Assert.Equal(files, dumped);
        Assert.Equal([true, true, false, false, true], dumped.Take(5).Select(s => s!.Value.Carrier));
        Assert.All(dumped.Take(5), s => Assert.NotNull(s!.Value.RxPackets));
        Assert.Null(dumped[5]);
    }
}
