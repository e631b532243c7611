namespace Nictune.Core.Model;

/// <summary>Something an operator should act on. <see cref="Code"/> is stable across releases.</summary>
public sealed record Advisory(
    string Code,
    Severity Severity,
    string? Interface,
    string? Pci,
    string Message);
