using Nictune.Core.Profiles;
using Nictune.Host.Cli;
using Nictune.Protocol.Api;
using Nictune.Protocol.Api.Client;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>Issue 25: an invalid pushed profile is located in the operator's own file, where the CLI knows it.</summary>
public sealed class ClientFailuresTests
{
    private static readonly Grpc.Core.RpcException Invalid =
        ApiErrors.InvalidProfile(new ProfileException(new ProfileError(ApiErrors.PushedDocument, 8, 17, "interfaces[0].txqueuelen", "not a number")));

    [Fact]
    public void The_problems_of_a_pushed_file_name_that_file()
    {
        var text = ClientFailures.Describe(AgentTarget.Default, Invalid, "profiles/web.yaml");

        Assert.Equal("nictune: invalid profile:\nprofiles/web.yaml:8:17: interfaces[0].txqueuelen: not a number", text);
    }

    [Fact]
    public void Without_a_file_the_agent_s_name_for_the_document_stays()
    {
        Assert.Contains("<pushed>:8:17: interfaces[0].txqueuelen", ClientFailures.Describe(AgentTarget.Default, Invalid), StringComparison.Ordinal);
    }
}
