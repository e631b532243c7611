#!/usr/bin/python3
"""Floods for the API's limits tests, on Debian's python3-grpcio and plain sockets. Each command prints one JSON line.

  plan-flood TARGET CLIENTS SECONDS MARK SIZE...  CLIENTS threads, each on its own channel, send PlanProfile with a
                          valid profile document of each SIZE bytes in turn (many small rules) for SECONDS; creates the
                          file MARK once every client has had an answer; counts the status codes
  hold UNIX COUNT HOST PORT COUNT SECONDS MARK   opens COUNT connections to the Unix socket and COUNT to HOST:PORT
                          (each connect given 5 s), creates the file MARK, holds them SECONDS, then says how many were
                          opened and how many the server had closed by then
  count-connections PORT SECONDS      listens on 127.0.0.1:PORT for SECONDS and says how many connections came
"""
import json
import socket
import sys
import threading
import time

import grpc


def document(size):
    """A valid profile of about SIZE bytes: rules that match no interface of the test."""
    head = "name: flood\ninterfaces:\n"
    rule = '  - match: {{ name: "fl{0}" }}\n    txqueuelen: 1000\n'
    parts, length, i = [head], len(head), 0
    while length + len(rule.format(i)) <= size:
        parts.append(rule.format(i))
        length += len(parts[-1])
        i += 1
    return "".join(parts)


def plan_flood(target, clients, seconds, mark, sizes, agent_pb2):
    documents = [document(size) for size in sizes]
    deadline = time.monotonic() + seconds
    codes = {}
    lock = threading.Lock()
    answered = set()

    def client():
        ch = grpc.insecure_channel(target, options=[("grpc.default_authority", "localhost"), ("grpc.max_send_message_length", 64 << 20)])
        plan = ch.unary_unary("/nictune.v1.Agent/PlanProfile", request_serializer=agent_pb2.PlanProfileRequest.SerializeToString, response_deserializer=lambda b: b)
        n = 0
        while time.monotonic() < deadline:
            try:
                plan(agent_pb2.PlanProfileRequest(document=documents[n % len(documents)]), timeout=30)
                code = "OK"
            except grpc.RpcError as e:
                code = e.code().name
            with lock:
                codes[code] = codes.get(code, 0) + 1
                answered.add(threading.get_ident())
                if len(answered) == clients:
                    open(mark, "a").close()
            n += 1
        ch.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"code": "OK", "response": {"codes": codes}}))


def hold(unix_path, unix_count, host, port, tcp_count, seconds, mark):
    held, failed = [], 0
    for family, address, count in ((socket.AF_UNIX, unix_path, unix_count), (socket.AF_INET, (host, port), tcp_count)):
        for _ in range(count):
            s = socket.socket(family, socket.SOCK_STREAM)
            s.settimeout(5)
            try:
                s.connect(address)
                held.append((family, s))
            except OSError:
                failed += 1
                s.close()
    open(mark, "w").close()
    time.sleep(seconds)
    closed = {"unix": 0, "tcp": 0}
    for family, s in held:
        s.setblocking(False)
        try:
            if s.recv(65536) == b"":
                closed["unix" if family == socket.AF_UNIX else "tcp"] += 1
        except BlockingIOError:
            pass
        except OSError:
            closed["unix" if family == socket.AF_UNIX else "tcp"] += 1
        s.close()
    print(json.dumps({"code": "OK", "response": {"opened": len(held), "failed": failed, "closed": closed}}))


def count_connections(port, seconds):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(64)
    listener.settimeout(0.2)
    count, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection, _ = listener.accept()
            count += 1
            connection.close()
        except socket.timeout:
            pass
    print(json.dumps({"code": "OK", "response": {"connections": count}}))


def main():
    args = sys.argv[1:]
    if args[0] == "--gen":
        sys.path.insert(0, args[1])
        args = args[2:]
    command, rest = args[0], args[1:]
    if command == "plan-flood":
        from nictune.v1 import agent_pb2
        plan_flood(rest[0], int(rest[1]), float(rest[2]), rest[3], [int(s) for s in rest[4:]], agent_pb2)
    elif command == "hold":
        hold(rest[0], int(rest[1]), rest[2], int(rest[3]), int(rest[4]), float(rest[5]), rest[6])
    elif command == "count-connections":
        count_connections(int(rest[0]), float(rest[1]))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
