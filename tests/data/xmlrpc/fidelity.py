#!/usr/bin/python3
"""The peers of xmlrpc-fidelity.pcap: bodies in every encoding, exact numbers and lenient forms, on 127.0.0.1.

    fidelity.py server PORT     an http.server that reads each call with xmlrpc.client.loads, as SimpleXMLRPCServer
                                does, and answers it; prints "ready" once listening
    fidelity.py client PORT     http.client sending each case's exact request body (one case per connection, the
                                first three on one kept-alive connection); prints what came back

Each case is one call. Its request body is made here with xmlrpc.client.dumps (or written out where Python cannot
write the form: Apache's ex:bigdecimal, lenient booleans...) and encoded; the server answers through
xmlrpc.client.dumps as well (a fault with Python's own error when Python cannot read the request, the way
SimpleXMLRPCServer reports it), in the encoding the case names, or with the case's exact reply. The server reads an
HTTP charset (RFC 7303) and EUC-JP itself before xmlrpc.client.loads, which reads neither. The request path names
the case: POST /RPC2/<case>.
"""
import decimal
import http.client
import http.server
import sys
import time
import xmlrpc.client

APACHE_NS = "http://ws.apache.org/xmlrpc/namespaces/extensions"
JAPANESE = "\u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8 \uff71\uff72"  # incl. half-width katakana (2 bytes in EUC-JP)
UNICODE = "h\u00e9llo w\u00f6rld \u2713 \U0001D11E"
CAFE = "caf\u00e9 cr\u00e8me"


def call(value, method="echo", encoding=None):
    return xmlrpc.client.dumps((value,), method, encoding=encoding, allow_none=True)


def canned_call(value_xml, method="echo"):
    return ("<?xml version='1.0'?>\n<methodCall>\n<methodName>%s</methodName>\n<params>\n<param>\n<value>%s</value>\n"
            "</param>\n</params>\n</methodCall>\n" % (method, value_xml))


def canned_reply(value_xml, root_attributes=""):
    return ("<?xml version='1.0'?>\n<methodResponse%s>\n<params>\n<param>\n<value>%s</value>\n</param>\n</params>\n"
            "</methodResponse>\n" % (root_attributes, value_xml)).encode()


class Case:
    """request: the body's bytes; content_type: the request's; reply: (XML declaration's encoding or None, Python
    codec, content type) for a reply written by xmlrpc.client.dumps, or the exact bytes to send back."""

    def __init__(self, name, request, content_type="text/xml", reply=(None, "utf-8", "text/xml")):
        self.name = name
        self.request = request
        self.content_type = content_type
        self.reply = reply


CASES = [
    # On one kept-alive connection: two UTF-16 calls, then a plain one that must still be seen.
    Case("utf16le-bom", call(UNICODE, encoding="utf-16").encode("utf-16"), reply=("utf-16", "utf-16", "text/xml")),
    Case("utf16be-bom", b"\xfe\xff" + call(UNICODE, encoding="UTF-16").encode("utf-16-be")),
    Case("add-after-utf16", xmlrpc.client.dumps((3, 4), "add").encode()),
    # One connection each from here on.
    Case("utf16le-no-bom", call(JAPANESE, encoding="UTF-16LE").encode("utf-16-le"),
         reply=("UTF-16LE", "utf-16-le", "text/xml")),
    Case("utf16be-no-bom-undeclared", call(JAPANESE).encode("utf-16-be")),
    Case("ucs4", call(UNICODE, encoding="UCS-4").encode("utf-32")),
    Case("latin1-undeclared", call(CAFE).encode("latin-1")),
    Case("latin1-http-charset", call(CAFE).encode("latin-1"), "text/xml; charset=ISO-8859-1",
         reply=(None, "latin-1", "text/xml; charset=ISO-8859-1")),
    Case("eucjp-declared", call(JAPANESE, encoding="EUC-JP").encode("euc-jp"),
         reply=("EUC-JP", "euc-jp", "text/xml")),
    Case("eucjp-undeclared", call(JAPANESE).encode("euc-jp")),
    Case("windows1252-declared", call("\u20ac 5, " + CAFE, encoding="windows-1252").encode("cp1252"),
         reply=("windows-1252", "cp1252", "text/xml")),
    Case("unknown-encoding", call("abc", encoding="x-rpcscope-unknown").encode()),
    Case("doubles", call([2.0, 17179869184.0, 1.1, -0.0, 0.1, 123456.789]).encode()),
    Case("doubles-python-extremes", call([1e300, 5e-324, float("inf")]).encode()),
    Case("bigdecimal",
         canned_call("<ex:bigdecimal xmlns:ex=\"%s\">9876543210.0123456789</ex:bigdecimal>" % APACHE_NS).encode()),
    Case("boolean-tRuE", canned_call("<boolean>tRuE</boolean>").encode()),
    Case("boolean-blanks", canned_call("<boolean> 1 </boolean>").encode()),
    Case("newline-before-declaration", b"\n" + call("first line").encode()),
    Case("junk-after-root", call("then junk").encode() + b"junk\n"),
    Case("reply-boolean-true", call(True).encode(), reply=canned_reply("<boolean>true</boolean>")),
]


def dump_decimal(marshaller, value, write):
    # What Apache XML-RPC writes for a BigDecimal (Python reads ex:bigdecimal, but has no writer for it).
    write("<value><ex:bigdecimal xmlns:ex=\"%s\">%s</ex:bigdecimal></value>\n" % (APACHE_NS, value))


xmlrpc.client.Marshaller.dispatch[decimal.Decimal] = dump_decimal


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fidelity.py"

    def do_POST(self):
        case = next(c for c in CASES if self.path == "/RPC2/" + c.name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if isinstance(case.reply, bytes):
            reply, content_type = case.reply, "text/xml"
        else:
            declared, codec, content_type = case.reply
            charset = self.headers.get_content_charset()
            try:
                if charset and b"encoding=" not in body[:100]:
                    # RFC 7303: the HTTP charset names the encoding when the XML does not (expat ignores HTTP).
                    body = body.decode(charset).encode("utf-8")
                if body.startswith(b"<?xml version='1.0' encoding='EUC-JP'?>"):
                    # pyexpat reads no multi-byte encoding but UTF-8 and UTF-16 ("multi-byte encodings are not
                    # supported"), so this server converts EUC-JP itself.
                    body = body.decode("euc-jp").replace("EUC-JP", "UTF-8", 1).encode("utf-8")
                params, method = xmlrpc.client.loads(body)
                result = params[0] + params[1] if method == "add" else params[0]
                xml = xmlrpc.client.dumps((result,), methodresponse=True, encoding=declared, allow_none=True)
            except Exception as error:  # as SimpleXMLRPCServer reports what it cannot read
                fault = xmlrpc.client.Fault(1, "%s:%s" % (type(error), error))
                xml = xmlrpc.client.dumps(fault, methodresponse=True, encoding=declared, allow_none=True)
            reply = xml.encode(codec, "xmlcharrefreplace")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def serve(port):
    server = http.server.HTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)
    server.serve_forever()


def send(connection, case):
    # A pause between calls keeps tcpdump from dropping packets on a busy machine.
    time.sleep(0.05)
    connection.request("POST", "/RPC2/" + case.name, body=case.request,
                       headers={"Content-Type": case.content_type, "User-Agent": "Python-xmlrpc/3.11"})
    response = connection.getresponse()
    reply = response.read()
    print("%-28s %d %4d bytes in, %4d bytes out: %r" % (case.name, response.status, len(case.request), len(reply),
                                                      reply[:60]))


def run_client(port):
    kept_alive = http.client.HTTPConnection("127.0.0.1", port)
    for case in CASES[:3]:
        send(kept_alive, case)
    kept_alive.close()
    for case in CASES[3:]:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        send(connection, case)
        connection.close()


if __name__ == "__main__":
    if sys.argv[1] == "server":
        serve(int(sys.argv[2]))
    else:
        run_client(int(sys.argv[2]))
