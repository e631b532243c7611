"""The gRPC scenario's Python peer: Debian's python3-grpcio, a synchronous server serving
grpc.health.v1.Health/Check as grpcio's own health servicer does (a status table by service name, protobuf messages
from health.proto). Debian has no grpcio-health-checking package, so the messages come from `protoc --python_out`
run by the benchmark, whose output directory must be on PYTHONPATH.
    python3 health_server.py ADDRESS...     (for example 127.0.0.1:50052 unix:/tmp/x.sock)"""

import signal
import sys
from concurrent import futures

import grpc

import health_pb2

# The empty name is the whole server (grpc/grpc doc/health-checking.md); any other name is unknown here.
STATUSES = {"": health_pb2.HealthCheckResponse.SERVING}


def check(request, context):
    status = STATUSES.get(request.service)
    if status is None:
        context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
    return health_pb2.HealthCheckResponse(status=status)


def main(addresses):
    handler = grpc.method_handlers_generic_handler("grpc.health.v1.Health", {
        "Check": grpc.unary_unary_rpc_method_handler(
            check,
            request_deserializer=health_pb2.HealthCheckRequest.FromString,
            response_serializer=health_pb2.HealthCheckResponse.SerializeToString),
    })
    # max_workers=10 as in grpcio's own examples.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10), handlers=[handler])
    for address in addresses:
        server.add_insecure_port(address)
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    print("listening", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main(sys.argv[1:])
