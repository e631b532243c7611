using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Nictune.Protocol.Api;
using Nictune.Protocol.Api.V1;
using Nictune.Tests.Metrics;
using Xunit;

namespace Nictune.Tests.Host.Api;

/// <summary>
/// Issue 24 §3: access comes from the contract. Every method of the Agent service carries its (nictune.v1.access)
/// option, the interceptor enforces exactly that, and a method without the option is refused to every caller.
/// </summary>
public sealed class MethodAccessTests
{
    /// <summary>Nothing identifies an anonymous caller: it may read, never mutate.</summary>
    private static readonly ApiAccessPolicy Strict = new("nictune", null, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The most any caller is ever allowed: api.insecure lets even an anonymous caller mutate.</summary>
    private static readonly ApiAccessPolicy Open = Strict with { IsInsecureAllowed = true };

    [Fact]
    public async Task Every_agent_method_has_an_access_and_the_enforced_policy_is_its_option()
    {
        var methods = Agent.Descriptor.Methods;
        Assert.NotEmpty(methods);
        foreach (var method in methods)
        {
            var option = MethodAccess.OptionOf(method);
            var path = MethodAccess.PathOf(method);
            Assert.True(option is Access.Read or Access.Mutate, $"{path} has no (nictune.v1.access) option");
            Assert.Equal(option, MethodAccess.Served.Of(path));

            // Enforced: a caller who may not mutate runs exactly the methods that read; one who may runs them all.
            Assert.Equal(option == Access.Read, await Runs(Strict, MethodAccess.Served, path));
            Assert.True(await Runs(Open, MethodAccess.Served, path), path);
        }

        Assert.Equal(["ApplyProfile", "ConfirmTransaction", "DeleteProfile", "PutProfile", "Reload", "Rollback"], methods.Where(m => MethodAccess.OptionOf(m) == Access.Mutate).Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_served_method_has_an_access_and_the_standard_services_only_read()
    {
        Assert.All(MethodAccess.Served.Methods, m => Assert.NotEqual(Access.Unspecified, m.Value));
        Assert.Equal(
            ["/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch", "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"],
            MethodAccess.Served.Methods.Where(m => !m.Key.StartsWith("/nictune.", StringComparison.Ordinal)).Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.All(MethodAccess.Served.Methods.Where(m => !m.Key.StartsWith("/nictune.", StringComparison.Ordinal)), m => Assert.Equal(Access.Read, m.Value));
    }

    [Fact]
    public async Task A_method_without_the_option_is_refused_to_every_caller()
    {
        var service = ProbeService();
        var access = MethodAccess.From([service], []);
        Assert.Equal(Access.Read, access.Of("/test.v1.Probe/Annotated"));
        Assert.Equal(Access.Unspecified, access.Of("/test.v1.Probe/Bare"));

        Assert.True(await Runs(Open, access, "/test.v1.Probe/Annotated"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => Call(Open, access, "/test.v1.Probe/Bare"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("/test.v1.Probe/Bare has no access in the agent's contract", refused.Status.Detail, StringComparison.Ordinal);

        // A method the served table does not know at all is refused the same way.
        Assert.False(await Runs(Open, MethodAccess.Served, "/nictune.v1.Agent/NoSuchMethod"));
    }

    /// <summary>A service of two methods, one with (nictune.v1.access) = ACCESS_READ and one without any option.</summary>
    private static ServiceDescriptor ProbeService()
    {
        var annotated = new MethodOptions();
        annotated.SetExtension(AgentExtensions.Access, Access.Read);
        var file = new FileDescriptorProto
        {
            Name = "test/v1/probe.proto",
            Package = "test.v1",
            Syntax = "proto3",
            MessageType = { new DescriptorProto { Name = "Empty" } },
            Service =
            {
                new ServiceDescriptorProto
                {
                    Name = "Probe",
                    Method =
                    {
                        new MethodDescriptorProto { Name = "Annotated", InputType = ".test.v1.Empty", OutputType = ".test.v1.Empty", Options = annotated },
                        new MethodDescriptorProto { Name = "Bare", InputType = ".test.v1.Empty", OutputType = ".test.v1.Empty" },
                    },
                },
            },
        };
        var built = FileDescriptor.BuildFromByteStrings([file.ToByteString()], new ExtensionRegistry { AgentExtensions.Access });
        return built.Single().Services.Single();
    }

    private static async Task<bool> Runs(ApiAccessPolicy policy, MethodAccess access, string method)
    {
        try
        {
            await Call(policy, access, method);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            return false;
        }
    }

    private static Task<string> Call(ApiAccessPolicy policy, MethodAccess access, string method) =>
        new AuthorizationInterceptor(policy, access).UnaryServerHandler<string, string>("request", new FakeServerCallContext(method), (_, _) => Task.FromResult("ran"));
}
