namespace Nictune.Bench.Floor;

/// <summary>Where the floor listens: the gRPC API's Unix socket and /metrics' TCP port on 127.0.0.1.</summary>
internal sealed record FloorEndpoints(string SocketPath, int MetricsPort);
