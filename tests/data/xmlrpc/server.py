#!/usr/bin/python3
"""The XML-RPC server of the fixtures: Python's own SimpleXMLRPCServer on 127.0.0.1.

    server.py PORT http10|http11

http10 is the library's default handler (HTTP/1.0: one call per connection, closed by the server); http11 sets
protocol_version = "HTTP/1.1", so the client keeps one connection for all its calls. Prints "ready" once listening.
"""
import sys
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer
import xmlrpc.client


class KeepAliveHandler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"


def add(a, b):
    """add(a, b) -> the sum of two numbers"""
    return a + b


def echo(value):
    """echo(value) -> the value, unchanged"""
    return value


def fail(code, text):
    """fail(code, text) -> always a fault with that code and text"""
    raise xmlrpc.client.Fault(code, text)


def divide(a, b):
    """divide(a, b) -> a / b (a ZeroDivisionError becomes fault 1)"""
    return a / b


def main():
    port = int(sys.argv[1])
    handler = KeepAliveHandler if sys.argv[2] == "http11" else SimpleXMLRPCRequestHandler
    server = SimpleXMLRPCServer(("127.0.0.1", port), requestHandler=handler, allow_none=True, logRequests=False)
    server.register_introspection_functions()
    server.register_multicall_functions()
    for function in (add, echo, fail, divide):
        server.register_function(function)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
