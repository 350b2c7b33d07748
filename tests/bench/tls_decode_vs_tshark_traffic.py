"""XML-RPC over HTTPS for the TLS decode benchmark: a keep-alive SimpleXMLRPCServer wrapped in ssl, and clients
that make a fixed number of calls over a few persistent connections and write their keys to SSLKEYLOGFILE.

Usage: tls_decode_vs_tshark_traffic.py server PORT CERT KEY
       tls_decode_vs_tshark_traffic.py client PORT CERT CALLS CONNECTIONS
The connections alternate between TLS 1.3 (TLS_AES_256_GCM_SHA384, the default) and TLS 1.2
(ECDHE-ECDSA-AES128-GCM-SHA256); the calls are those of decode_vs_tshark_traffic.py: every other call add(i, i + 1),
the rest echo a small struct. Run by tests/bench/tls_decode_vs_tshark under tcpdump on lo.
"""
import ssl
import sys
import threading
import xmlrpc.client
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

mode, port, cert = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class KeepAliveHandler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass


class Server(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


if mode == "server":
    server = Server(("127.0.0.1", port), requestHandler=KeepAliveHandler, logRequests=False, allow_none=True)
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda value: value, "echo")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("ready", flush=True)
    server.serve_forever()
    sys.exit(0)

calls, connections = int(sys.argv[4]), int(sys.argv[5])
per_connection = [calls // connections] * connections
per_connection[0] += calls - sum(per_connection)
errors = []


def run(n, index):
    try:
        context = ssl.create_default_context(cafile=cert)
        if index % 2 == 1:
            context.maximum_version = ssl.TLSVersion.TLSv1_2
            context.set_ciphers("ECDHE-ECDSA-AES128-GCM-SHA256")
        proxy = xmlrpc.client.ServerProxy("https://localhost:%d/RPC2" % port, context=context)
        for i in range(n):
            if i % 2 == 0:
                assert proxy.add(i, i + 1) == 2 * i + 1
            else:
                record = {"name": "item-%d-%d" % (index, i), "id": i, "active": i % 3 != 0}
                assert proxy.echo(record) == record
        proxy("close")()
    except Exception as e:  # reported below: a failed run must not leave a half capture behind silently
        errors.append(repr(e))


threads = [threading.Thread(target=run, args=(n, k)) for k, n in enumerate(per_connection)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if errors:
    print("client errors:", errors[:3], file=sys.stderr)
    sys.exit(1)
print("done", calls, flush=True)
