#!/usr/bin/python3
"""The servers of the TLS fixtures: Python's SimpleXMLRPCServer (HTTP/1.1 keep-alive) or a Pyro4 daemon on
127.0.0.1, speaking TLS with CERT/KEY or in the clear.

    server.py PORT xmlrpc|pyro4 tls|clear [CERT KEY]

The TLS server accepts TLS 1.2 and 1.3 and whatever suite the client offers; the client picks (client.py). With
OPENSSL_CONF naming a file with "Groups = P-256" the server answers a default ClientHello (an X25519 key share) with a
HelloRetryRequest. Prints "ready" once listening.
"""
import ssl
import sys
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class KeepAliveHandler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass


def add(a, b):
    return a + b


def echo(value):
    return value


def fail(code, text):
    raise xmlrpc.client.Fault(code, text)


def serve_xmlrpc(port, context):
    server = SimpleXMLRPCServer(("127.0.0.1", port), requestHandler=KeepAliveHandler, allow_none=True,
                                logRequests=False)
    for function in (add, echo, fail):
        server.register_function(function)
    if context:
        # The handshake then happens in accept(), in serve_forever's thread: fine for one client at a time.
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("ready", flush=True)
    server.serve_forever()


def serve_pyro4(port, cert, key):
    import Pyro4

    if cert:
        Pyro4.config.SSL = True
        Pyro4.config.SSL_SERVERCERT = cert
        Pyro4.config.SSL_SERVERKEY = key
        Pyro4.config.SSL_REQUIRECLIENTCERT = False

    @Pyro4.expose
    class Calculator(object):
        def add(self, a, b):
            return a + b

        def echo(self, value):
            return value

        def fail(self, what):
            raise ValueError("bad value", what)

    daemon = Pyro4.Daemon(host="127.0.0.1", port=port)
    daemon.register(Calculator, "example.calculator")
    print("ready", flush=True)
    daemon.requestLoop()


def main():
    port, protocol, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    cert, key = (sys.argv[4], sys.argv[5]) if mode == "tls" else (None, None)
    if protocol == "pyro4":
        serve_pyro4(port, cert, key)
        return
    context = None
    if cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert, key)
    serve_xmlrpc(port, context)


if __name__ == "__main__":
    main()
