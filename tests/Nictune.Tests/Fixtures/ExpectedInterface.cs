using Nictune.Core.Model;

namespace Nictune.Tests.Fixtures;

/// <summary>
/// What discovery must report for one interface of a scenario. <paramref name="Pci"/> is
/// <c>"address vendor:device subvendor:subdevice"</c>, or null for an interface without PCI identity.
/// </summary>
public sealed record ExpectedInterface(
    string Name,
    NicClass Class,
    string? Driver = null,
    string? Pci = null,
    int Rx = 1,
    int Tx = 1,
    string? Master = null,
    FailoverRole? Failover = null,
    string? Bus = null,
    string? Kind = null);
