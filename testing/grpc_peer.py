"""A real gRPC peer (grpcio, the C-core implementation) for the gateway's gRPC tests.

server ADDRESS: serves portico.test.Echo on ADDRESS:0 without .proto codegen (identity
  (de)serializers: messages are raw bytes), prints `listening PORT`, then one JSON line per
  call with exactly what arrived (method, metadata, every message's length and sha256, the
  bytes of small messages in hex).
    Unary        -> b"echo:" + request; trailing metadata x-received-sha256, x-received-length
    Upload       (client streaming) -> sha256 hex of all messages joined; trailing metadata
                    x-received-count, x-received-length
    Fail         -> status FAILED_PRECONDITION, details "refused: <request as text>"
client TARGET AUTHORITY CERT|- : reads one JSON call spec per line on stdin
  ({"method": "Unary"|"Upload"|"Fail", "messages": [hex, ...], "metadata": [[k, v], ...]}),
  makes each call on one channel (TLS with CERT as the trusted root when given, h2c otherwise)
  and prints one JSON line per call: code, details, response (hex), trailing metadata.
"""
import hashlib
import json
import sys
from concurrent import futures

import grpc

SERVICE = "portico.test.Echo"


def record(method, context, messages):
    joined = b"".join(messages)
    print(
        json.dumps(
            {
                "method": method,
                "metadata": [[k, v if isinstance(v, str) else v.hex()] for k, v in context.invocation_metadata()],
                "count": len(messages),
                "lengths": [len(m) for m in messages],
                "length": len(joined),
                "sha256": hashlib.sha256(joined).hexdigest(),
                "hex": joined.hex() if len(joined) <= 4096 else None,
            }
        ),
        flush=True,
    )
    return joined


def unary(request, context):
    joined = record("Unary", context, [request])
    context.set_trailing_metadata(
        (("x-received-sha256", hashlib.sha256(joined).hexdigest()), ("x-received-length", str(len(joined))))
    )
    return b"echo:" + request


def upload(request_iterator, context):
    messages = list(request_iterator)
    joined = record("Upload", context, messages)
    context.set_trailing_metadata((("x-received-count", str(len(messages))), ("x-received-length", str(len(joined)))))
    return hashlib.sha256(joined).hexdigest().encode()


def fail(request, context):
    record("Fail", context, [request])
    context.abort(grpc.StatusCode.FAILED_PRECONDITION, "refused: " + request.decode("utf-8", "replace"))


def serve(address):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    handlers = {
        "Unary": grpc.unary_unary_rpc_method_handler(unary),
        "Upload": grpc.stream_unary_rpc_method_handler(upload),
        "Fail": grpc.unary_unary_rpc_method_handler(fail),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    port = server.add_insecure_port(f"{address}:0")
    server.start()
    print(f"listening {port}", flush=True)
    try:
        sys.stdin.read()  # the test closes stdin (or kills us) to stop the server
    finally:
        server.stop(0)


def client(target, authority, cert):
    options = [("grpc.default_authority", authority), ("grpc.enable_retries", 0)]
    if cert != "-":
        with open(cert, "rb") as f:
            creds = grpc.ssl_channel_credentials(root_certificates=f.read())
        options.append(("grpc.ssl_target_name_override", authority))
        channel = grpc.secure_channel(target, creds, options=options)
    else:
        channel = grpc.insecure_channel(target, options=options)
    for line in sys.stdin:
        if not line.strip():
            continue
        spec = json.loads(line)
        method = spec["method"]
        messages = [bytes.fromhex(m) for m in spec["messages"]]
        metadata = [tuple(kv) for kv in spec.get("metadata", [])]
        path = f"/{SERVICE}/{method}"
        try:
            if method == "Upload":
                call = channel.stream_unary(path)
                response, c = call.with_call(iter(messages), metadata=metadata, timeout=20)
            else:
                call = channel.unary_unary(path)
                response, c = call.with_call(messages[0], metadata=metadata, timeout=20)
            out = {"code": c.code().name, "details": c.details(), "response": response.hex(), "trailers": [list(kv) for kv in c.trailing_metadata() or ()]}
        except grpc.RpcError as e:
            out = {"code": e.code().name, "details": e.details(), "response": None, "trailers": [list(kv) for kv in e.trailing_metadata() or ()]}
        print(json.dumps(out), flush=True)
    channel.close()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve(sys.argv[2])
    else:
        client(sys.argv[2], sys.argv[3], sys.argv[4])
