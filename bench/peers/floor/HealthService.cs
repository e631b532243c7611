using Grpc.Core;
using Grpc.Health.V1;

namespace Nictune.Bench.Floor;

/// <summary>The one gRPC method: always SERVING.</summary>
internal sealed class HealthService : Health.HealthBase
{
    private static readonly HealthCheckResponse Serving = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Task.FromResult(Serving);
}
