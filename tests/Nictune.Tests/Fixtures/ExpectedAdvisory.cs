namespace Nictune.Tests.Fixtures;

/// <summary>An advisory a scenario must produce, by its stable code and what it names.</summary>
public sealed record ExpectedAdvisory(string Code, string? Interface, string? Pci = null);
