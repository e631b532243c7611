"""The gRPC scenario's Python peer: Debian's python3-grpcio, a synchronous server serving
grpc.health.v1.Health/Check. The messages are built by hand (HealthCheckResponse{status: SERVING} is the two bytes
08 01), since python3-grpcio has no grpc_health module.
    python3 health_server.py ADDRESS...     (for example 127.0.0.1:50052 unix:/tmp/x.sock)"""

import signal
import sys
from concurrent import futures

import grpc

SERVING = b"\x08\x01"


def check(request, context):
    # An empty HealthCheckRequest is the empty service name, the whole server; any other name is unknown here.
    if request:
        context.abort(grpc.StatusCode.NOT_FOUND, "unknown service")
    return SERVING


def main(addresses):
    handler = grpc.method_handlers_generic_handler(
        "grpc.health.v1.Health", {"Check": grpc.unary_unary_rpc_method_handler(check)})
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), handlers=[handler])
    for address in addresses:
        server.add_insecure_port(address)
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    print("listening", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main(sys.argv[1:])
