#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets into OUTDIR/<target>/, from the test fixtures and from values written
by the real Python libraries (pickle, marshal, json, serpent, msgpack):

  - every TCP connection of every tests/data/**/*.pcap becomes one `traffic` (and `httpstream`) input in the
    stream format of tests/fuzz/streamharness.h, and each of its messages a `*message` input;
  - Pyro4 payloads found in those captures, plus values serialized here, seed the serializer targets;
  - Java serialization streams (.ser fixtures and the streams inside JRMP messages) seed `javaserialization`;
  - a few segment sequences seed `tcpreassembly`;
  - class files of remote interfaces written here seed `javaclassfile`, and jars of them (Python's zipfile, stored
    and deflated) `jarreader`;
  - each connection of tests/data/tls/*.pcap with the key log beside it seeds `tlsstream`;
  - replies that hand out endpoints, made by tests/data/pyro/endpoints.py with the real Pyro4 and Pyro5, and every
    Pyro message of the captures seed `pyroendpoints`.

Usage: make-seeds.py OUTDIR       (run with /usr/bin/python3: it has serpent and msgpack)
"""
import base64
import glob
import gzip
import hashlib
import json
import marshal
import os
import pickle
import struct
import subprocess
import io
import sys
import zipfile
import zlib

here = os.path.dirname(os.path.abspath(__file__))
data_dir = os.path.join(here, "..", "data")


def write(out, target, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def pcap_segments(path):
    """(src, dst, flags, payload) of each TCP segment of a classic pcap file (Ethernet, loopback or Linux SLL)."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 24:
        return
    magic = struct.unpack("<I", blob[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D, 0xD4C3B2A1, 0x4D3CB2A1):
        return  # pcapng and others: not needed for seeds
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", blob[20:24])[0] & 0xFFFF
    pos = 24
    while pos + 16 <= len(blob):
        _, _, caplen, _ = struct.unpack(endian + "IIII", blob[pos:pos + 16])
        frame = blob[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        if linktype == 1:
            if frame[12:14] != b"\x08\x00":
                continue
            ip = frame[14:]
        elif linktype == 0:
            ip = frame[4:]
        elif linktype == 113:
            ip = frame[16:]
        else:
            continue
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        tcp = ip[ihl:total]
        sport, dport = struct.unpack("!HH", tcp[:4])
        yield (bytes(ip[12:16]), sport), (bytes(ip[16:20]), dport), tcp[13], tcp[(tcp[12] >> 4) * 4:]


def connections(path):
    """Each connection's payloads in order as (direction, bytes), direction 0 = from the SYN's sender."""
    conns = {}
    for src, dst, flags, payload in pcap_segments(path):
        key = frozenset((src, dst))
        if key not in conns:
            conns[key] = (src if (flags & 0x12) == 0x02 else dst, [])
        client, chunks = conns[key]
        if payload:
            chunks.append((0 if src == client else 1, bytes(payload)))
    return [chunks for _, chunks in conns.values() if chunks]


def stream_input(chunks, start_seen=True):
    """The streamharness.h format: options byte, then data records, then FIN in both directions."""
    out = bytearray([1 if start_seen else 0])
    for direction, payload in chunks:
        for i in range(0, len(payload), 0xFFFF):
            piece = payload[i:i + 0xFFFF]
            out += bytes([direction << 2]) + struct.pack("<H", len(piece)) + piece
    out += bytes([2, 2 | 4])
    return bytes(out)


PYRO_SERIALIZERS = {1: "serpent", 2: "pyrojson", 3: "marshal", 4: "pickle", 6: "msgpack"}
PYRO5_SERIALIZERS = {1: "serpent", 2: "marshal", 3: "pyrojson", 4: "msgpack"}


def is_pyro5(message):
    return len(message) >= 6 and message[:4] == b"PYRO" and message[4:6] == b"\x01\xf6"


def pyro_payload(message):
    if is_pyro5(message):
        if len(message) < 40:
            return None, None
        _, _, _, ser, flags, _, size, annsize, _, _, _ = struct.unpack("!4sHBBHHII16sHH", message[:40])
        data = message[40 + annsize:40 + annsize + size]
        serializers = PYRO5_SERIALIZERS
    elif len(message) < 24 or message[:4] != b"PYRO":
        return None, None
    else:
        _, _, _, flags, _, size, ser, annsize, _, _ = struct.unpack("!4sHHHHIHHHH", message[:24])
        data = message[24 + annsize:24 + annsize + size]
        serializers = PYRO_SERIALIZERS
    if flags & 2:
        try:
            data = zlib.decompress(data)
        except zlib.error:
            return None, None
    return serializers.get(ser), data


def message_seeds(out, direction, payload):
    choice = bytes([direction])
    if payload.startswith(b"PYRO"):
        # Each version's decoder reads both (one connection can carry both); seed each with its own frames.
        write(out, "pyro5message" if is_pyro5(payload) else "pyro4message", choice + payload)
        write(out, "pyroendpoints", b"\x00" + payload)
        target, data = pyro_payload(payload)
        if target:
            write(out, target, data)
    elif payload[:4] == b"JRMI" or payload[:1] in (b"\x50", b"\x51", b"\x52", b"\x53", b"\x54", b"\x4e"):
        write(out, "jrmpmessage", choice + payload)
        if payload[:1] == b"\x51":
            write(out, "jrmpendpoints", bytes([direction * 3]) + payload)
        at = payload.find(b"\xac\xed\x00\x05")
        if at >= 0:
            write(out, "javaserialization", payload[at:])
    elif payload[:5] in (b"POST ", b"HTTP/") or payload[:4] == b"GET ":
        write(out, "httpmessage", choice + payload)
        write(out, "xmlrpcmessage", choice + payload)


def capture_seeds(out):
    for path in sorted(glob.glob(os.path.join(data_dir, "**", "*.pcap"), recursive=True)):
        for chunks in connections(path):
            write(out, "traffic", stream_input(chunks))
            write(out, "traffic", stream_input(chunks[1:], start_seen=False))
            if any(p[:5] in (b"POST ", b"HTTP/") for _, p in chunks):
                write(out, "httpstream", stream_input(chunks))
            for direction, payload in chunks:
                message_seeds(out, direction, payload)


def tls_seeds(out):
    """The TLS captures with their key logs: u16 key-log length, the key log, the stage's options byte, the stream.
    Also each connection without its key log and with only its first half, so the stage's other paths are seeds."""
    for path in sorted(glob.glob(os.path.join(data_dir, "tls", "*.pcap"))):
        keys_path = path[:-len(".pcap")] + ".keys"
        if not os.path.exists(keys_path):
            continue
        with open(keys_path, "rb") as f:
            keys = f.read()[:0xFFFF]
        for chunks in connections(path):
            for key_log, options, part in ((keys, 0, chunks), (keys, 1, chunks), (b"", 0, chunks),
                                           (keys, 0, chunks[:len(chunks) // 2])):
                write(out, "tlsstream", struct.pack("<H", len(key_log)) + key_log + bytes([options])
                      + stream_input(part))


SAMPLE_VALUES = [
    None, True, 0, -7, 2 ** 100, 3.5, float("inf"), "text", "ünïcode ☃", b"\x00\x01bytes", [], (), {}, [1, [2, [3]]],
    (1, "a", None), {"a": 1, "b": [1, 2]}, {1, 2, 3}, frozenset({"x"}), complex(1, 2), ["shared"] * 3,
    {"__class__": "builtins.ValueError", "args": ["bad"]},
]


def serializer_seeds(out):
    import serpent
    import msgpack
    for value in SAMPLE_VALUES:
        for protocol in range(0, pickle.HIGHEST_PROTOCOL + 1):
            write(out, "pickle", pickle.dumps(value, protocol=protocol))
        write(out, "marshal", marshal.dumps(value))
        write(out, "serpent", serpent.dumps(value))
        try:
            write(out, "pyrojson", json.dumps(value).encode())
        except TypeError:
            pass
        try:
            write(out, "msgpack", msgpack.packb(value, use_bin_type=True))
        except (TypeError, OverflowError):
            pass
    recursive = []
    recursive.append(recursive)
    write(out, "pickle", pickle.dumps(recursive, protocol=2))
    write(out, "pickle", pickle.dumps(ValueError("boom", 1), protocol=4))
    write(out, "pickle", b"cos\nsystem\n(S'echo pwned'\ntR.")


def java_seeds(out):
    for path in sorted(glob.glob(os.path.join(data_dir, "jrmp", "**", "*.ser"), recursive=True)):
        with open(path, "rb") as f:
            write(out, "javaserialization", f.read())
    for path in sorted(glob.glob(os.path.join(data_dir, "jrmp", "malformed", "*.bin"))):
        with open(path, "rb") as f:
            blob = f.read()
        write(out, "jrmpmessage", b"\x00" + blob)
        write(out, "jrmpmessage", b"\x01" + blob)


def http_seeds(out):
    body = (b"<?xml version='1.0'?>\n<methodCall><methodName>add</methodName><params><param><value><int>2</int>"
            b"</value></param><param><value><array><data><value><string>x</string></value></data></array>"
            b"</value></param></params></methodCall>\n")
    reply = (b"<?xml version='1.0'?>\n<methodResponse><params><param><value><struct><member><name>a</name><value>"
             b"<double>1.5</double></value></member></struct></value></param></params></methodResponse>\n")
    request = b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body), body)
    gz = gzip.compress(reply)
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s" % (
        len(gz), gz)
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10;ext=1\r\n" + reply[:16] + b"\r\n%x\r\n" % (
        len(reply) - 16) + reply[16:] + b"\r\n0\r\nTrailer: x\r\n\r\n"
    cont = b"HTTP/1.1 100 Continue\r\n\r\n"
    for kind, msg in ((0, request), (1, response), (1, chunked), (1, cont)):
        write(out, "httpmessage", bytes([kind]) + msg)
        write(out, "xmlrpcmessage", bytes([kind]) + msg)
    write(out, "httpstream", stream_input([(0, request), (1, cont + chunked), (0, request[:40]), (0, request[40:]),
                                           (1, response)]))
    write(out, "httpstream", stream_input([(0, b"HEAD / HTTP/1.1\r\n\r\n" + request), (1, response + response)]))
    write(out, "traffic", stream_input([(0, request), (1, response)]))
    chunked_body = chunked.split(b"\r\n\r\n", 1)[1]
    for choice in (0, 1, 2, 0x41):
        write(out, "httpcoding", bytes([choice]) + chunked_body)
    write(out, "httpcoding", b"\x00" + gz)
    write(out, "httpcoding", b"\x01" + zlib.compress(reply))
    write(out, "httpcoding", b"\x01" + zlib.compress(reply)[2:-4])


def tcp_seeds(out):
    def seg(ctrl, seq, ack, length, captured=255):
        return struct.pack("<BhhBB", ctrl, seq, ack, length, captured)
    syn, fin, rst, ack, s2c = 1, 2, 4, 8, 0x10
    handshake = seg(syn, -1, 0, 0) + seg(syn | ack | s2c, -1, 0, 0) + seg(ack, 0, 0, 0)
    write(out, "tcpreassembly", b"\x02" + handshake + seg(ack, 0, 0, 100) + seg(ack | s2c, 0, 100, 50)
          + seg(ack | fin, 100, 50, 0) + seg(ack | fin | s2c, 50, 101, 0))
    # Out of order, overlap, retransmission across the sequence wrap (the client's numbers start at 0xffffff00).
    write(out, "tcpreassembly", b"\x04" + handshake + seg(ack, 200, 0, 100) + seg(ack, 0, 0, 150)
          + seg(ack, 100, 0, 200) + seg(ack, 0, 0, 100) + seg(rst, 300, 0, 0))
    # Midstream start, a snapshot-length cut and a hole the peer acknowledges.
    write(out, "tcpreassembly", b"\x00" + seg(ack, 500, 0, 100, 40) + seg(ack, 600, 0, 50)
          + seg(ack | s2c, 0, 800, 10) + seg(ack, 800, 10, 20))
    # Two connections, free payloads.
    write(out, "tcpreassembly", b"\x01" + seg(syn, 0, 0, 0) + seg(syn | 0x20, 0, 0, 0) + seg(ack, 1, 0, 4) + b"abcd"
          + seg(ack | 0x20, 1, 0, 4) + b"wxyz")


def class_file(name, interfaces, methods, access=0x0601):
    """A class file (JVM spec ch. 4) of an interface: methods are (name, descriptor, [exceptions])."""
    pool = []

    def utf8(text):
        entry = (1, text.encode())
        if entry not in pool:
            pool.append(entry)
        return pool.index(entry) + 1

    def cls(internal):
        entry = (7, utf8(internal))
        if entry not in pool:
            pool.append(entry)
        return pool.index(entry) + 1

    this, sup = cls(name), cls("java/lang/Object")
    ifaces = [cls(i) for i in interfaces]
    exceptions_attr = utf8("Exceptions")
    body = []
    for mname, desc, exceptions in methods:
        refs = [cls(e) for e in exceptions]
        attrs = b""
        if refs:
            attrs = struct.pack(">HIH", exceptions_attr, 2 + 2 * len(refs), len(refs)) + b"".join(
                struct.pack(">H", r) for r in refs)
        body.append(struct.pack(">HHHH", 0x0401, utf8(mname), utf8(desc), 1 if refs else 0) + attrs)
    out = struct.pack(">IHHH", 0xCAFEBABE, 0, 61, len(pool) + 1)
    for tag, value in pool:
        out += bytes([tag]) + (struct.pack(">H", len(value)) + value if tag == 1 else struct.pack(">H", value))
    out += struct.pack(">HHHH", access, this, sup, len(ifaces)) + b"".join(struct.pack(">H", i) for i in ifaces)
    out += struct.pack(">HH", 0, len(body)) + b"".join(body) + struct.pack(">H", 0)
    return out


def classpath_seeds(out):
    remote = ["java/rmi/RemoteException"]
    greeting = class_file("example/Greeting", ["example/Named"], [
        ("greet", "(Ljava/lang/String;)Ljava/lang/String;", remote), ("add", "(II)I", remote),
        ("average", "(FSB)D", remote), ("friends", "()[Ljava/lang/String;", remote), ("ping", "()V", [])])
    named = class_file("example/Named", ["java/rmi/Remote"], [("name", "()Ljava/lang/String;", remote)])
    write(out, "javaclassfile", greeting)
    write(out, "javaclassfile", named)
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        jar = io.BytesIO()
        with zipfile.ZipFile(jar, "w", method) as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n")
            z.writestr("example/", b"")
            z.writestr("example/Greeting.class", greeting)
            z.writestr("example/Named.class", named)
        write(out, "jarreader", jar.getvalue())


def endpoint_seeds(out):
    """Replies that hand out endpoints (name-server answers, URI objects in every serializer), as
    tests/data/pyro/endpoints.py makes them with the real Pyro4 and (when it is there) Pyro5, for `pyroendpoints`:
    each once per mapping the target's first byte chooses."""
    script = os.path.join(data_dir, "pyro", "endpoints.py")
    peers = os.path.join(data_dir, "..", "..", "..", "shared", "peers")
    runs = [["4"]] + ([["5", peers]] if os.path.exists(os.path.join(peers, "Pyro5")) else [])
    for args in runs:
        made = subprocess.run([sys.executable, script, "make"] + args, capture_output=True, check=True)
        for line in made.stdout.splitlines():
            message = base64.b64decode(json.loads(line)["message"])
            for choice in (0, 1, 3):
                write(out, "pyroendpoints", bytes([choice]) + message)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    capture_seeds(out)
    tls_seeds(out)
    serializer_seeds(out)
    java_seeds(out)
    http_seeds(out)
    tcp_seeds(out)
    classpath_seeds(out)
    endpoint_seeds(out)
    for target in sorted(os.listdir(out)):
        print("%-18s %d seeds" % (target, len(os.listdir(os.path.join(out, target)))))


if __name__ == "__main__":
    main()
