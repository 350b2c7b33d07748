"""XML-RPC server for tests/bench/proxy_overhead and tests/bench/live_capture: Python's own SimpleXMLRPCServer
with add(a, b), made to keep connections alive (HTTP/1.1) and serve each in a thread, so that wrk's connections
are not reopened for every request.

Usage: proxy_overhead_server.py PORT   (prints "ready" once listening)
"""
import socketserver
import sys
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
    request_queue_size = 1024


server = Server(("127.0.0.1", int(sys.argv[1])), requestHandler=Handler, logRequests=False)
server.register_function(lambda a, b: a + b, "add")
print("ready", flush=True)
server.serve_forever()
