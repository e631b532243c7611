namespace Nictune.Core.Profiles;

/// <summary>
/// What one numeric profile field accepts: an inclusive range, and which symbols (<c>max</c>, <c>cpus</c>) stand in
/// for a number. <see cref="SymbolNote"/> says why a symbol is refused where a reader might expect it.
/// </summary>
public sealed record NumericField(string Name, long Min, long Max, bool AllowMax = false, bool AllowCpus = false, string? SymbolNote = null)
{
    /// <summary>What the field expects, for "expected …, got …" messages.</summary>
    public string Expectation => (AllowMax, AllowCpus) switch
    {
        (true, true) => "a number, 'max' or 'cpus'",
        (true, false) => "a number or 'max'",
        (false, true) => "a number or 'cpus'",
        _ => "a number",
    };

    /// <summary>Null when <paramref name="value"/> is acceptable here, else why not.</summary>
    public string? Check(ProfileValue value) => value.Kind switch
    {
        ProfileValueKind.Max when !AllowMax => RefusedSymbol("max"),
        ProfileValueKind.Cpus when !AllowCpus => RefusedSymbol("cpus"),
        ProfileValueKind.Number => CheckNumber(value.Number),
        _ => null,
    };

    /// <summary>Null when the number is in range, else an "out of range" message.</summary>
    public string? CheckNumber(long number) =>
        number < Min || number > Max ? $"out of range: expected {Min} to {Max}, got {number}" : null;

    private string RefusedSymbol(string symbol) =>
        SymbolNote is null ? $"expected {Expectation}, got \"{symbol}\"" : $"'{symbol}' is not accepted here: {SymbolNote}";
}
