using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Nictune.Host.Daemon;

/// <summary>
/// Options whose value is known when the daemon's host is composed and never changes: registered as the closed
/// <see cref="IOptionsMonitor{TOptions}"/> (and <see cref="IOptions{TOptions}"/>) of one options type, they take the
/// place of the options pipeline (<c>OptionsMonitor&lt;T&gt;</c>, <c>OptionsFactory&lt;T&gt;</c>, <c>OptionsCache&lt;T&gt;</c> and
/// the arrays of configure, post-configure, validate and change-token services), which dependency injection would
/// otherwise close from open generics at start-up: in the NativeAOT binary each closure is a generic type the
/// runtime's type loader builds, on the path to READY=1 (bench/README.md, "Start-up and footprint").
/// </summary>
internal sealed class FixedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(TOptions value) : IOptionsMonitor<TOptions>, IOptions<TOptions>
    where TOptions : class
{
    public TOptions CurrentValue => value;

    public TOptions Value => value;

    public TOptions Get(string? name) => value;

    /// <summary>It never changes: there is nothing to be told.</summary>
    public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
}
