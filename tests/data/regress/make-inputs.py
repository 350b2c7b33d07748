#!/usr/bin/python3
"""Writes the hand-made hostile inputs of the fuzz regression runners into <target>/hostile-*: deep nesting,
lengths claiming gigabytes, back-reference loops, zip bombs, garbage between messages. Inputs found by fuzzing
are kept beside them as <target>/crash-* (copied from build-fuzz/artifacts/<target>/ by hand; see README.md).

Usage: make-inputs.py      (writes next to itself)
"""
import gzip
import os
import struct
import zlib

here = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(here, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "hostile-" + name), "wb") as f:
        f.write(data)


def pyro4(msgtype, flags, seq, serializer, payload, datasize=None, annotations=b""):
    size = len(payload) if datasize is None else datasize
    checksum = (msgtype + 48 + size + len(annotations) + serializer + flags + seq + 0x34E9) & 0xFFFF
    return struct.pack("!4sHHHHiHHHH", b"PYRO", 48, msgtype, flags, seq, size, serializer, len(annotations), 0,
                       checksum) + annotations + payload


def pyro5(msgtype, flags, seq, serializer, payload, datasize=None, annotations=b"", annsize=None):
    size = len(payload) if datasize is None else datasize
    ann = len(annotations) if annsize is None else annsize
    return struct.pack("!4sHBBHHII16sHH", b"PYRO", 502, msgtype, serializer, flags, seq, size, ann, b"\0" * 16, 0,
                       0x4DC5) + annotations + payload


def stream(records, start_seen=True):
    out = bytearray([1 if start_seen else 0])
    for direction, payload in records:
        out += bytes([direction << 2]) + struct.pack("<H", len(payload)) + payload
    return bytes(out + bytes([2, 6]))


def zip_archive(entries, count=None):
    """A ZIP archive of (name, data, method, declared size or None, local header offset or None) entries."""
    out, central = b"", b""
    for name, data, method, declared, shared in entries:
        stored = zlib.compress(data, 9)[2:-4] if method == 8 else data
        size = len(data) if declared is None else declared
        crc = zlib.crc32(data)
        local = len(out) if shared is None else shared
        if shared is None:
            out += struct.pack("<IHHHIIIIHH", 0x04034b50, 20, 0, method, 0, crc, len(stored), size, len(name), 0)
            out += name + stored
        central += struct.pack("<IHHHHIIIIHHHHHII", 0x02014b50, 20, 20, 0, method, 0, crc, len(stored), size,
                               len(name), 0, 0, 0, 0, 0, local) + name
    n = len(entries) if count is None else count
    return out + central + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, n, n, len(central), len(out), 0)


def main():
    deep = 10000
    serpent_deep = b"# serpent utf-8 python3.2\n" + b"(" * deep + b"1" + b",)" * deep
    write("serpent", "deep-tuples", serpent_deep)
    write("serpent", "unterminated-string", b"# serpent utf-8 python3.2\n'abc\\")
    write("pyrojson", "deep-arrays", b"[" * deep + b"]" * deep)
    write("pyrojson", "huge-exponent", b"[1e999999999, -1e-999999999, 123456789012345678901234567890]")
    write("marshal", "deep-lists", b"[\x01\x00\x00\x00" * deep + b"N")
    write("marshal", "str-4gib", b"s\xf0\xff\xff\xff" + b"abc")
    write("marshal", "self-list", b"\xdb\x01\x00\x00\x00r\x00\x00\x00\x00")
    write("marshal", "ref-out-of-range", b"r\xff\xff\xff\x7f")
    write("msgpack", "deep-arrays", b"\x91" * deep + b"\xc0")
    write("msgpack", "bin32-4gib", b"\xc6\xff\xff\xff\xf0abc")
    write("msgpack", "map32-huge", b"\xdf\xff\xff\xff\xff\x01")
    write("pickle", "deep-tuple1", b"\x80\x02N" + b"\x85" * deep + b".")
    write("pickle", "deep-marks", b"\x80\x02" + b"(" * deep + b"N" + b"t" * deep + b".")
    write("pickle", "os-system", b"cos\nsystem\n(S'touch /tmp/rpcscope-pwned'\ntR.")
    write("pickle", "binbytes8-huge", b"\x80\x04\x8e" + struct.pack("<Q", 1 << 62) + b"abc.")
    write("pickle", "self-append", b"\x80\x02]q\x00h\x00a.")
    write("pickle", "get-missing-memo", b"\x80\x02h\x05.")
    pay = b"# serpent utf-8 python3.2\n('o','m'," + b"(" * deep + b"1" + b",)" * deep + b",{})"
    write("pyro4message", "deep-serpent", b"\x00" + pyro4(4, 0, 1, 1, pay))
    write("pyro4message", "datasize-2gib", b"\x00" + pyro4(4, 0, 1, 1, b"x" * 64, datasize=0x7FFFFFF0))
    write("pyro4message", "negative-datasize", b"\x00" + pyro4(4, 0, 1, 1, b"x" * 64, datasize=-5))
    write("pyro4message", "zlib-bomb", b"\x01" + pyro4(5, 2, 1, 1, zlib.compress(b"\0" * (64 << 20), 9)))
    write("pyro4message", "bad-annotation-sizes",
          b"\x00" + pyro4(4, 0, 1, 1, b"('o','m',(),{})", annotations=b"CORR\xff\xff\xff\xffabc"))
    write("pyro5message", "deep-serpent", b"\x00" + pyro5(4, 0, 1, 1, pay))
    write("pyro5message", "deep-msgpack", b"\x00" + pyro5(4, 0, 1, 4, b"\x94\xa1o\xa1m" + b"\x91" * deep + b"\xc0\x80"))
    write("pyro5message", "datasize-4gib", b"\x00" + pyro5(4, 0, 1, 1, b"x" * 64, datasize=0xFFFFFFF0))
    write("pyro5message", "annotations-4gib", b"\x00" + pyro5(4, 0, 1, 1, b"x" * 64, annsize=0xFFFFFFF0))
    write("pyro5message", "zlib-bomb", b"\x01" + pyro5(5, 0x42, 1, 1, zlib.compress(b"\0" * (64 << 20), 9)))
    write("pyro5message", "bad-annotation-sizes",
          b"\x00" + pyro5(4, 0, 1, 1, b"('o','m',(),{})", annotations=b"CORR\xff\xff\xff\xffabc"))
    write("pyro5message", "marshal-self-list", b"\x01" + pyro5(5, 0, 1, 2, b"\xdb\x01\x00\x00\x00r\x00\x00\x00\x00"))
    # pyroendpoints: the first byte picks the mapping; every payload says PYRO so the rewriter reads it.
    uri = b"'PYRO:o@127.0.0.1:9090'"
    write("pyroendpoints", "deep-serpent-uri",
          b"\x00" + pyro4(5, 0, 1, 1, b"# serpent utf-8 python3.2\n" + b"(" * deep + uri + b",)" * deep))
    write("pyroendpoints", "zlib-bomb-uri", b"\x00" + pyro4(5, 2, 1, 1, zlib.compress(b"PYRO" + b"\0" * (64 << 20), 9)))
    write("pyroendpoints", "deep-json-uri",
          b"\x00" + pyro5(5, 0, 1, 3, b"[" * deep + b'"PYRO:o@127.0.0.1:9090"' + b"]" * deep))
    write("pyroendpoints", "msgpack-map32-huge", b"\x00" + pyro5(5, 0, 1, 4, b"\xdf\xff\xff\xff\xff\xa4PYRO"))
    write("pyroendpoints", "marshal-self-list",
          b"\x00" + pyro5(5, 0, 1, 2, b"\xdb\x02\x00\x00\x00r\x00\x00\x00\x00\xfa\x04PYRO"))
    write("pyroendpoints", "pickle-frames-overlap",
          b"\x00" + pyro4(5, 0, 1, 4, b"\x80\x04\x95\x20\0\0\0\0\0\0\0\x95\x10\0\0\0\0\0\0\0"
                                     b"\x8c\x16PYRO:o@127.0.0.1:9090."))
    write("pyroendpoints", "pickle-memo-loop",
          b"\x00" + pyro4(5, 0, 1, 4, b"\x80\x02]q\x00h\x00a\x8c\x16PYRO:o@127.0.0.1:9090h\x00\x86."))
    java = b"\xac\xed\x00\x05"
    objarr = b"\x72\x00\x13[Ljava.lang.Object;\x90\xce\x58\x9f\x10\x73\x29\x6c\x02\x00\x00\x78\x70"
    write("javaserialization", "array-2gib", java + b"\x75\x72\x00\x02[B" + b"\0" * 7 + b"\x42\x02\x00\x00\x78\x70"
          + b"\x7f\xff\xff\xff" + b"x" * 16)
    write("javaserialization", "longstring-huge", java + b"\x7c\x7f\xff\xff\xff\xff\xff\xff\xff" + b"abc")
    write("javaserialization", "self-super", java + b"\x73\x72\x00\x01A" + b"\0" * 7 + b"\x01\x02\x00\x00\x78"
          + b"\x71\x00\x7e\x00\x00")
    write("javaserialization", "self-array", java + b"\x75" + objarr + b"\x00\x00\x00\x01\x71\x00\x7e\x00\x01")
    nested = java + b"\x75" + objarr + b"\x00\x00\x00\x01" + (b"\x75\x71\x00\x7e\x00\x00\x00\x00\x00\x01") * deep
    write("javaserialization", "deep-arrays", nested + b"\x70")
    write("javaserialization", "unknown-handle", java + b"\x71\x00\x7e\x00\x05")
    write("jrmpmessage", "call-deep-arrays", b"\x00" + b"\x50" + nested[0:] + b"\x70")
    write("jrmpmessage", "return-huge-array", b"\x01\x51" + java + b"\x77\x0f\x01" + b"\0" * 14
          + b"\x75\x72\x00\x02[J" + b"\0" * 7 + b"\x42\x02\x00\x00\x78\x70\x7f\xff\xff\xff")
    # Returns handing out a stub (a RemoteObject subclass whose writeObject data is a UnicastRef), for jrmpendpoints.
    def utf(text):
        return struct.pack(">H", len(text)) + text

    def stub_object(ref, blocks=None):
        remote = b"\x72" + utf(b"java.rmi.server.RemoteObject") + b"\xd3\x61\xb4\x91\x0c\x61\x33\x1e\x03\x00\x00" \
            + b"\x78\x70"
        desc = b"\x72" + utf(b"S") + b"\0" * 7 + b"\x01\x02\x00\x00\x78" + remote
        data = b"".join(b"\x77" + bytes([len(b)]) + b for b in (blocks or [ref]))
        return b"\x73" + desc + data + b"\x78"

    def unicast_ref(host, port=1100):
        return utf(b"UnicastRef") + utf(host) + struct.pack(">i", port) + b"\x11" * 22 + b"\x00"

    ret = b"\x51" + java + b"\x77\x0f\x01" + b"\0" * 14
    ref = unicast_ref(b"127.0.0.1")
    write("jrmpendpoints", "stub-host-split-across-blocks", b"\x00" + ret + stub_object(ref, [ref[:16], ref[16:]]))
    write("jrmpendpoints", "stub-host-claims-64k", b"\x00" + ret + stub_object(utf(b"UnicastRef") + b"\xff\xff"
                                                                               + b"127.0.0.1" + b"\0" * 27))
    write("jrmpendpoints", "stub-block-of-255", b"\x03" + ret + stub_object(unicast_ref(b"h" * (255 - 41))))
    many = b"\x75\x72" + utf(b"[Ljava.lang.Object;") + b"\x90\xce\x58\x9f\x10\x73\x29\x6c\x02\x00\x00\x78\x70" \
        + struct.pack(">i", 2000) + stub_object(ref) + (
            b"\x73\x71\x00\x7e\x00\x02" + b"\x77" + bytes([len(ref)]) + ref + b"\x78") * 1999
    write("jrmpendpoints", "two-thousand-stubs", b"\x03" + ret + many)
    body = b"<?xml version='1.0'?><methodCall><methodName>m</methodName><params><param><value>" + \
        b"<array><data><value>" * deep + b"<int>1</int>" + b"</value></data></array>" * deep + \
        b"</value></param></params></methodCall>"
    post = b"POST /RPC2 HTTP/1.1\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body)
    write("xmlrpcmessage", "deep-arrays", b"\x00" + post + body)
    laughs = b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>" + b"".join(
        b"<!ENTITY lol%d '%s'>" % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + \
        b"]><methodCall><methodName>&lol9;</methodName></methodCall>"
    write("xmlrpcmessage", "billion-laughs", b"\x00" + b"POST /RPC2 HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(laughs)
          + laughs)
    xxe = b"<?xml version='1.0'?><!DOCTYPE m [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>" \
          b"<methodCall><methodName>&x;</methodName></methodCall>"
    write("xmlrpcmessage", "external-entity", b"\x00" + b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(xxe) + xxe)
    write("httpmessage", "content-length-huge", b"\x00POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nabc")
    write("httpmessage", "chunk-huge", b"\x01HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nabc")
    write("httpmessage", "gzip-bomb", b"\x01HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzip.compress(b"\0" * (64 << 20)))
    write("httpmessage", "folded-headers", b"\x00GET / HTTP/1.1\r\nX: a\r\n b\r\n\tc\r\nNoColon\r\n\r\n")
    write("httpcoding", "chunk-huge", b"\x00ffffffffffffffffff\r\nabc")
    write("httpcoding", "trailers-endless", b"\x050\r\n" + b"X: y\r\n" * 2000)
    write("httpstream", "pipelined-head-and-garbage",
          stream([(0, b"HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n\x00\x01garbage\r\nGET / HTTP/1.0\r\n\r\n"),
                  (1, b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nHTTP/1.0 200 OK\r\n\r\nuntil close")]))
    write("traffic", "pyro4-then-garbage", stream([(0, pyro4(4, 0, 1, 1, b"('o','m',(),{})") + b"\xff" * 100
                                                  + pyro4(4, 0, 2, 1, b"('o','m',(),{})")),
                                              (1, pyro4(5, 0, 2, 1, b"None"))]))
    write("traffic", "jrmp-midstream", stream([(0, b"\x50" + java + b"\x77\x22" + b"\0" * 34),
                                               (1, b"\x51" + java + b"\x77\x0f\x01" + b"\0" * 14)], start_seen=False))
    seg = lambda ctrl, seq, ack, length, cap=255: struct.pack("<BhhBB", ctrl, seq, ack, length, cap)
    write("tcpreassembly", "overlaps-and-rst", b"\x02" + seg(1, -1, 0, 0) + seg(0x19, -1, 0, 0) + seg(8, 300, 0, 200)
          + seg(8, 0, 0, 250, 100) + seg(8, 100, 0, 250) + seg(4, 600, 0, 0) + seg(8, 700, 0, 10))
    # Class files and jars for --java-classpath.
    header = struct.pack(">IHH", 0xCAFEBABE, 0, 61)
    write("javaclassfile", "pool-count-huge", header + struct.pack(">H", 0xFFFF) + b"\x01\x00\x01a")
    write("javaclassfile", "utf8-length-huge", header + struct.pack(">HBH", 2, 1, 0xFFFF) + b"abc")
    write("javaclassfile", "long-in-last-slot", header + struct.pack(">HB", 2, 5) + b"\0" * 8)
    write("javaclassfile", "methods-huge", header + struct.pack(">HBH", 3, 1, 1) + b"A" + struct.pack(">BH", 7, 1)
          + struct.pack(">HHHHHH", 0x0601, 2, 0, 0, 0, 0xFFFF) + b"\0" * 16)
    write("javaclassfile", "attribute-length-huge", header + struct.pack(">HBH", 3, 1, 1) + b"A"
          + struct.pack(">BH", 7, 1) + struct.pack(">HHHHHH", 0x0601, 2, 0, 0, 0, 1)
          + struct.pack(">HHHHHI", 0x401, 1, 1, 1, 1, 0xFFFFFFFF) + b"\0" * 8)
    bomb = b"\0" * (32 << 20)
    write("jarreader", "zip-bomb-declares-1k", zip_archive([(b"a.class", bomb, 8, 1024, None)]))
    write("jarreader", "zip-bomb-declares-4g", zip_archive([(b"a.class", bomb, 8, 0xFFFFFFFE, None)]))
    write("jarreader", "overlapping-entries",
          zip_archive([(b"a.class", bomb, 8, None, None)] + [(b"copy%d.class" % i, bomb, 8, None, 0) for i in range(200)]))
    write("jarreader", "entry-count-huge", zip_archive([(b"a.class", b"\xca\xfe\xba\xbe", 0, None, None)], count=0xFFFF))
    write("tcpreassembly", "held-bound", b"\x00" + b"".join(seg(8, 1000 + 20 * i, 0, 10) for i in range(200)))

    # TLS (tlsstream: u16 key-log length, key log, options byte, then a stream): forged lengths, records over the
    # limit, a ClientHello claiming 16 MB, a CBC suite, a key-log line for the connection that opens nothing.
    random = bytes(range(32))
    def hello(body_type, body):
        message = bytes([body_type]) + struct.pack("!I", len(body))[1:] + body
        return b"\x16\x03\x01" + struct.pack("!H", len(message)) + message
    client_hello = hello(1, b"\x03\x03" + random + b"\x00\x00\x02\x13\x01\x01\x00\x00\x00")
    def server_hello(suite, version_ext=b""):
        exts = struct.pack("!H", len(version_ext)) + version_ext
        return hello(2, b"\x03\x03" + bytes(32) + b"\x00" + struct.pack("!H", suite) + b"\x00" + exts)
    tls13 = b"\x00\x2b\x00\x02\x03\x04"
    key_log = b"CLIENT_RANDOM " + random.hex().encode() + b" " + b"ab" * 48 + b"\nCLIENT_TRAFFIC_SECRET_0 " + \
        random.hex().encode() + b" " + b"cd" * 32 + b"\nSERVER_TRAFFIC_SECRET_0 " + random.hex().encode() + b" " + \
        b"ef" * 32 + b"\n"
    def tls(records, keys=key_log, live=0):
        return struct.pack("<H", len(keys)) + keys + bytes([live]) + stream(records)
    write("tlsstream", "record-over-limit", tls([(0, client_hello), (1, server_hello(0x1301, tls13)),
                                                 (1, b"\x17\x03\x03\xff\xff" + b"x" * 300)]))
    write("tlsstream", "hello-claims-16mb", tls([(0, b"\x16\x03\x01\x00\x08\x01\xff\xff\xff\x03\x03\x00\x00")]))
    write("tlsstream", "cbc-suite", tls([(0, client_hello), (1, server_hello(0xC027))]))
    write("tlsstream", "wrong-keys-1.3", tls([(0, client_hello), (1, server_hello(0x1301, tls13)),
                                              (1, b"\x17\x03\x03\x00\x20" + b"y" * 32),
                                              (0, b"\x17\x03\x03\x00\x11" + b"z" * 17)]))
    write("tlsstream", "wrong-keys-1.2", tls([(0, client_hello), (1, server_hello(0xC02F)),
                                              (0, b"\x14\x03\x03\x00\x01\x01\x16\x03\x03\x00\x28" + b"f" * 40)]))
    write("tlsstream", "keys-wait-live", tls([(0, client_hello), (1, server_hello(0x1301, tls13))], keys=b"", live=1))
    write("tlsstream", "records-midstream", tls([(1, b"\x17\x03\x03\x00\x05hello"), (0, b"\x17\x03\x03\x40\x00")],
                                                keys=b""))


if __name__ == "__main__":
    main()
