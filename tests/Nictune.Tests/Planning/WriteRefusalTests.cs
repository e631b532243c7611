using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Planning;

/// <summary>
/// <see cref="ISettingStore.WriteRefusal"/>: the planner asks it only for the settings it would write (the Linux store
/// pays a statvfs per question), and a refused one is planned unsupported, naming why.
/// </summary>
public sealed class WriteRefusalTests
{
    private static readonly SettingKey Somaxconn = SettingKey.Sysctl("net.core.somaxconn");
    private static readonly SettingKey Backlog = SettingKey.Sysctl("net.core.netdev_max_backlog");

    [Fact]
    public void Only_the_settings_a_plan_would_write_are_asked_and_a_refused_one_is_unsupported()
    {
        var store = new RefusingStore(new FakeSettingStore().Set(Somaxconn, "4096").Set(Backlog, "1000"));
        var profile = Profile(new Dictionary<string, string> { [Somaxconn.Name] = "8192", [Backlog.Name] = "1000" });

        var plan = Planner.Plan(profile, Inventory(), Facts(), store);

        Assert.Equal([Somaxconn], store.Asked);
        var row = plan.Rows.Single(r => r.Key == Somaxconn);
        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Null(row.Desired);
        Assert.Equal("unsupported: read-only: /proc/sys/net/core/somaxconn is on a read-only mount; nothing written", row.Reason);
        Assert.Equal(PlanAction.Unchanged, plan.Rows.Single(r => r.Key == Backlog).Action);
    }

    private sealed class RefusingStore(ISettingStore inner) : ISettingStore
    {
        public List<SettingKey> Asked { get; } = [];

        public SettingReading Read(SettingKey key) => inner.Read(key);

        public void Write(SettingKey key, string value) => inner.Write(key, value);

        public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

        public string? WriteRefusal(SettingKey key)
        {
            Asked.Add(key);
            return key == Somaxconn ? "read-only: /proc/sys/net/core/somaxconn is on a read-only mount" : null;
        }
    }
}
