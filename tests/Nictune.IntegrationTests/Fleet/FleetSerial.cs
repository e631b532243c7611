using Xunit;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// The fleet test runs on its own, after the parallel tests: 50 agents and 25 Ansible forks would otherwise take both
/// cores from every test that runs beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetSerial
{
    public const string Name = "Fleet";
}
