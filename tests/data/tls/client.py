#!/usr/bin/python3
"""The clients of the TLS fixtures: the same calls over TLS or in the clear, so the decrypted calls can be compared
with the clear ones.

    client.py PORT xmlrpc|pyro4 clear
    client.py PORT xmlrpc tls CERT tls1.2 OPENSSL-CIPHER     a TLS 1.2 suite, e.g. ECDHE-ECDSA-AES128-GCM-SHA256
    client.py PORT xmlrpc tls CERT tls1.3                    the TLS 1.3 suite comes from OPENSSL_CONF (Python
                                                             cannot choose one; capture.sh writes the file)
    client.py PORT pyro4 tls CERT

Keys go to $SSLKEYLOGFILE (ssl.create_default_context copies it into keylog_filename, and Pyro4 builds its
contexts with create_default_context). Each call's outcome is printed.
"""
import hashlib
import ssl
import sys
import time
import xmlrpc.client


def record():
    return {"name": "tls fixture", "id": 7, "ratio": 0.25, "tags": ["a", "b"], "nested": {"ok": True}}


def big_text():
    # 40,000 characters that gzip only halves: the request and the (gzipped) reply both span several TLS records.
    text, block = [], b"rpcscope"
    while sum(map(len, text)) < 40000:
        block = hashlib.sha256(block).digest()
        text.append(block.hex())
    return "".join(text)[:40000]


def call(label, function, *args):
    time.sleep(0.05)  # keeps tcpdump from dropping packets on a busy machine
    try:
        result = function(*args)
        shown = repr(result) if len(repr(result)) < 100 else "%d characters" % len(result)
        print(label, "->", shown)
    except xmlrpc.client.Fault as fault:
        print(label, "-> fault", fault.faultCode, repr(fault.faultString))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


def xmlrpc_calls(proxy):
    call("add(3, 4)", proxy.add, 3, 4)
    call("echo record", proxy.echo, record())
    call("fail(42, ...)", proxy.fail, 42, "not over TLS")
    call("echo big text", proxy.echo, big_text())


def pyro4_calls(proxy):
    call("add(3, 4)", proxy.add, 3, 4)
    call("echo record", proxy.echo, record())
    call("fail('x')", proxy.fail, "x")
    call("echo big text", proxy.echo, big_text())


def main():
    port, protocol, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    if protocol == "pyro4":
        import Pyro4

        if mode == "tls":
            Pyro4.config.SSL = True
            Pyro4.config.SSL_CACERTS = sys.argv[4]
        with Pyro4.Proxy("PYRO:example.calculator@localhost:%d" % port) as proxy:
            pyro4_calls(proxy)
        return
    if mode == "clear":
        with xmlrpc.client.ServerProxy("http://localhost:%d/RPC2" % port) as proxy:
            xmlrpc_calls(proxy)
        return
    cert, version = sys.argv[4], sys.argv[5]
    context = ssl.create_default_context(cafile=cert)
    if version == "tls1.2":
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(sys.argv[6])
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_3
    with xmlrpc.client.ServerProxy("https://localhost:%d/RPC2" % port, context=context) as proxy:
        xmlrpc_calls(proxy)


if __name__ == "__main__":
    main()
