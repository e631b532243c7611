namespace Nictune.Protocol;

/// <summary>Marks the protocol assembly (the gRPC API and the metrics), for references that need a type from it.</summary>
public static class ProtocolAssembly;
