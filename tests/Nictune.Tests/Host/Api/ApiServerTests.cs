using Nictune.Protocol.Api;
using Nictune.Protocol.Api.V1;
using Xunit;

namespace Nictune.Tests.Host.Api;

public sealed class ApiServerTests
{
    [Fact]
    public void Health_names_the_agent_service_as_the_proto_does()
    {
        Assert.Equal(ApiServer.AgentService, Agent.Descriptor.FullName);
    }
}
