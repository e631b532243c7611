using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// The access each served method requires, keyed by its canonical full name (<c>/nictune.v1.Agent/PutProfile</c>,
/// as <see cref="ApiMethod"/> names what routing resolved). For the agent's own services it is the contract's: each
/// rpc's <c>(nictune.v1.access)</c> option in proto/nictune/v1/agent.proto, read from the generated descriptors. The
/// standard services the daemon also serves (health, reflection v1 and v1alpha) are not ours to annotate; every
/// method of theirs reads. A method in neither, or one whose option is missing, is <see cref="Access.Unspecified"/>,
/// which <see cref="AuthorizationInterceptor"/> refuses to every caller.
/// </summary>
public sealed class MethodAccess
{
    private static readonly Lazy<MethodAccess> Lazy = new(() => From(
        [V1.Agent.Descriptor],
        [Grpc.Health.V1.Health.Descriptor, Grpc.Reflection.V1.ServerReflection.Descriptor, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor]));

    private readonly FrozenDictionary<string, Access> _methods;

    private MethodAccess(FrozenDictionary<string, Access> methods) => _methods = methods;

    /// <summary>The table of the services the daemon serves (<see cref="ApiServer"/>), built at its first use.</summary>
    public static MethodAccess Served => Lazy.Value;

    /// <summary>Every method the table knows, with its access (<see cref="Access.Unspecified"/> where the contract gives none).</summary>
    public IReadOnlyDictionary<string, Access> Methods => _methods;

    /// <param name="contract">Services of agent.proto: each method's access is its option.</param>
    /// <param name="readOnly">Standard services whose every method only reads.</param>
    public static MethodAccess From(IEnumerable<ServiceDescriptor> contract, IEnumerable<ServiceDescriptor> readOnly)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(readOnly);
        var methods = new Dictionary<string, Access>(StringComparer.Ordinal);
        foreach (var method in contract.SelectMany(s => s.Methods))
        {
            methods.Add(PathOf(method), OptionOf(method));
        }

        foreach (var method in readOnly.SelectMany(s => s.Methods))
        {
            methods.Add(PathOf(method), Access.Read);
        }

        return new(methods.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The access <paramref name="method"/> (a canonical full name) requires; <see cref="Access.Unspecified"/> when none.</summary>
    public Access Of(string method) => _methods.GetValueOrDefault(method, Access.Unspecified);

    /// <summary>True when <paramref name="method"/> changes something (the audit log's calls).</summary>
    public bool IsMutating(string method) => Of(method) == Access.Mutate;

    /// <summary>A method's <c>(nictune.v1.access)</c> option, as the contract spells it.</summary>
    public static Access OptionOf(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var options = method.GetOptions();
        return options is not null && options.HasExtension(AgentExtensions.Access) ? options.GetExtension(AgentExtensions.Access) : Access.Unspecified;
    }

    /// <summary>The path gRPC calls <paramref name="method"/> by: <c>/package.Service/Method</c>.</summary>
    public static string PathOf(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return $"/{method.Service.FullName}/{method.Name}";
    }

}
