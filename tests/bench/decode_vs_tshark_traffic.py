"""XML-RPC traffic for the decode benchmark: a keep-alive SimpleXMLRPCServer, and clients that make a fixed number
of calls over a few persistent connections.

Usage: decode_vs_tshark_traffic.py server PORT
       decode_vs_tshark_traffic.py client PORT CALLS CONNECTIONS
The mix: every other call is add(i, i + 1), the rest echo a small struct (name, id, active) the way a real
program would pass a record: about 56 MB and 200,000 packets for 50,000 calls. Run by tests/bench/decode_vs_tshark
under tcpdump on lo.
"""
import sys
import threading
import xmlrpc.client
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

mode, port = sys.argv[1], int(sys.argv[2])


class KeepAliveHandler(SimpleXMLRPCRequestHandler):
    # HTTP/1.1 keeps the connection open between calls, as ServerProxy expects; the default HTTP/1.0 closes it.
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass


class Server(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


if mode == "server":
    server = Server(("127.0.0.1", port), requestHandler=KeepAliveHandler, logRequests=False, allow_none=True)
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda value: value, "echo")
    print("ready", flush=True)
    server.serve_forever()
    sys.exit(0)

calls, connections = int(sys.argv[3]), int(sys.argv[4])
per_connection = [calls // connections] * connections
per_connection[0] += calls - sum(per_connection)
errors = []


def run(n, index):
    try:
        proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/RPC2" % port)
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
