#!/usr/bin/env python3
"""Real Pyro4/Pyro5 reply messages that hand out endpoints, and the real libraries' reading of rewritten ones.

Used by tests/core/intercept/tst_pyroendpointrewriter.cpp (rewritePyroEndpoints):

    endpoints.py make 4|5 [PEERS]    prints one JSON line per reply message: {"case", "serializer", "message"
                                     (base64)}. The values are what a real name server (Pyro4.naming.NameServer,
                                     Pyro5.nameserver.NameServer, called in-process) answers, or results holding URI
                                     objects and proxies; each is serialized and framed as the version's daemon does
                                     it for a MSG_RESULT (serializer.serializeData / dumps, Message /
                                     SendingMessage, a CORR annotation or correlation id, COMPRESSION when the case
                                     says so).
    endpoints.py check 4|5 [PEERS]   reads JSON lines {"case", "original", "rewritten" (base64), "map":
                                     {"host:port": "host:port"}} and prints one line per input: {"case", "ok", "why"}.
                                     Both messages are received with the library's own message reader (header,
                                     checksum or magic, annotations, decompression) and deserialized by its
                                     serializer; ok means the rewritten one reads as the original with every URI
                                     moved as the map says (URI objects, proxies' URIs, URI strings), and nothing
                                     else changed (header fields, annotations, every other value); a pickle's
                                     FRAME lengths cover exactly their opcodes.

PEERS is the folder holding the Pyro5 package (Debian has none).
"""
import base64
import json
import pickle
import pickletools
import sys
import uuid
import zlib

version = sys.argv[2]
if len(sys.argv) > 3:
    sys.path.insert(0, sys.argv[3])

if version == "4":
    import Pyro4
    import Pyro4.core
    import Pyro4.errors
    import Pyro4.message
    import Pyro4.naming
    import Pyro4.util

    Pyro4.config.SERIALIZERS_ACCEPTED = {"serpent", "json", "marshal", "pickle", "msgpack"}
    URI, Proxy = Pyro4.core.URI, Pyro4.core.Proxy
    SerializeError = Pyro4.errors.SerializeError
    # pickle-0 and pickle-2: the pickle serializer with config.PICKLE_PROTOCOL_VERSION lowered (the default is the
    # highest, 5): text opcodes and copyreg._reconstructor, then NEWOBJ and BINPUT/BINGET without frames.
    SERIALIZERS = ["serpent", "json", "marshal", "pickle", "msgpack", "pickle-0", "pickle-2"]
else:
    import Pyro5.api
    import Pyro5.core
    import Pyro5.errors
    import Pyro5.nameserver
    import Pyro5.protocol
    import Pyro5.serializers
    from Pyro5 import config

    URI, Proxy = Pyro5.core.URI, Pyro5.api.Proxy
    SerializeError = Pyro5.errors.SerializeError
    SERIALIZERS = ["serpent", "json", "marshal", "msgpack"]

CORRELATION = uuid.UUID("12345678-1234-5678-1234-567812345678")


def name_server():
    """A real name server with the registrations the cases ask it about."""
    ns = Pyro4.naming.NameServer() if version == "4" else Pyro5.nameserver.NameServer()
    ns.register("Pyro.NameServer", "PYRO:Pyro.NameServer@127.0.0.1:9090")
    ns.register("example.greeting", "PYRO:obj_9a2b@127.0.0.1:9091", metadata={"greeting", "demo"})
    ns.register("example.v6", "PYRO:obj_v6@[::1]:9092", metadata={"demo"})
    ns.register("example.socket", "PYRO:obj_unix@./u:/tmp/pyro.sock")
    ns.register("example.elsewhere", "PYRO:far@10.1.2.3:1234")
    return ns


def results():
    """(case, value, compressed) for every reply; the values come from the name server or hold URI objects."""
    ns = name_server()
    cases = [
        ("ns-lookup", ns.lookup("example.greeting"), False),
        ("ns-lookup-v6", ns.lookup("example.v6"), False),
        ("ns-lookup-meta", ns.lookup("example.greeting", return_metadata=True), False),
        ("ns-list", ns.list(), False),
        ("ns-list-meta", ns.list(return_metadata=True), False),
        ("ns-list-compressed", dict(ns.list(), padding="x" * 300), True),
    ]
    if version == "5":
        cases.append(("ns-yplookup", ns.yplookup(meta_any={"demo"}), False))
        cases.append(("ns-yplookup-plain", ns.yplookup(meta_all={"greeting"}, return_metadata=False), False))
    shared = URI("PYRO:shared_a@127.0.0.1:9090")
    second = URI("PYRO:shared_b@127.0.0.1:9091")
    second.host = shared.host  # the same str object: pickle memo and marshal references repeat it
    cases.append(("uri-objects", {
        "uri": URI("PYRO:obj_1@127.0.0.1:9090"),
        "v6": [URI("PYRO:obj_2@[::1]:9092"), "PYRO:obj_3@localhost:5"],
        "proxy": Proxy("PYRO:obj_4@example.org:7777"),
        "text": "mentions PYRO:obj_5@127.0.0.1:9090 in passing",
        "byname": "PYRONAME:example.greeting@127.0.0.1:9090",
        "unmapped": URI("PYRO:far@10.1.2.3:1234"),
        "twice": (shared, shared),
    }, False))
    cases.append(("shared-host", (shared, second, shared.host, [second.host, 9091]), False))
    text = "PYRO:text_twice@127.0.0.1:9090"
    cases.append(("uri-text-twice", {"first": text, "again": text, "list": [text, "PYRO:other@localhost:5"]}, False))
    cases.append(("unix-socket", [URI("PYRO:obj_unix@./u:/tmp/pyro.sock"), "PYRO:obj_unix@./u:/tmp/pyro.sock"],
                  False))
    cases.append(("no-uris", {"fortune": "You will write a test", "numbers": [1, 2.5, None], "PYRO": "PYRO"}, False))
    return cases


def serialized(value, serializer_name, compressed):
    """The payload as the daemon serializes it (and whether it is compressed), or None when the serializer cannot
    carry the value (Pyro4's marshal: URI objects inside containers), which the daemon answers with an error."""
    try:
        if version == "4":
            name, _, protocol = serializer_name.partition("-")
            Pyro4.config.PICKLE_PROTOCOL_VERSION = int(protocol) if protocol else pickle.HIGHEST_PROTOCOL
            return Pyro4.util.get_serializer(name).serializeData(value, compress=compressed)
        return Pyro5.serializers.serializers[serializer_name].dumps(value), compressed
    except (ValueError, TypeError, SerializeError):
        return None


def message_bytes(value, serializer_name, compressed):
    data, did_compress = serialized(value, serializer_name, compressed)
    if version == "4":
        ser = Pyro4.util.get_serializer(serializer_name.partition("-")[0])
        flags = Pyro4.message.FLAGS_COMPRESSED if did_compress else 0
        annotations = {"CORR": CORRELATION.bytes}
        msg = Pyro4.message.Message(Pyro4.message.MSG_RESULT, data, ser.serializer_id, flags, 7, annotations)
        return msg.to_bytes()
    ser = Pyro5.serializers.serializers[serializer_name]
    config.COMPRESSION = compressed
    Pyro5.protocol.current_context.correlation_id = CORRELATION
    try:
        msg = Pyro5.protocol.SendingMessage(Pyro5.protocol.MSG_RESULT, 0, 7, ser.serializer_id, data,
                                            annotations={"XTRA": b"extra annotation"})
    finally:
        config.COMPRESSION = False
    return msg.data


def make():
    for case, value, compressed in results():
        for name in SERIALIZERS:
            if serialized(value, name, compressed) is None:
                continue
            data = message_bytes(value, name, compressed)
            print(json.dumps({"case": case, "serializer": name, "message": base64.b64encode(data).decode()}))
    # A Pyro4 reply signed with an HMAC key: rewriting would break the signature.
    if version == "4":
        ser = Pyro4.util.get_serializer("serpent")
        data, _ = ser.serializeData(name_server().lookup("example.greeting"))
        msg = Pyro4.message.Message(Pyro4.message.MSG_RESULT, data, ser.serializer_id, 0, 8, hmac_key=b"secret")
        print(json.dumps({"case": "hmac", "serializer": "serpent",
                          "message": base64.b64encode(msg.to_bytes()).decode()}))


class Wire:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def recv(self, size):
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        if len(chunk) != size:
            raise ValueError("message shorter than its header says")
        return chunk


def check_frames(data):
    """Each pickle FRAME counts exactly the opcodes up to the next FRAME or the end, as the pickler writes them
    (pickle.loads does not check: it reads past a frame that is too short)."""
    frames = [(pos + 9, arg) for op, arg, pos in pickletools.genops(data) if op.name == "FRAME"]
    for i, (start, size) in enumerate(frames):
        end = frames[i + 1][0] - 9 if i + 1 < len(frames) else len(data)
        if start + size != end:
            raise AssertionError("a FRAME of %d bytes covers %d" % (size, end - start))


def receive(data):
    """(header fields, annotations, value) as the library reads the message."""
    if version == "4":
        msg = Pyro4.message.Message.recv(Wire(data))
        compressed = bool(msg.flags & Pyro4.message.FLAGS_COMPRESSED)
        if msg.serializer_id == Pyro4.util.PickleSerializer.serializer_id:
            check_frames(zlib.decompress(msg.data) if compressed else msg.data)
        value = Pyro4.util.get_serializer_by_id(msg.serializer_id).deserializeData(msg.data, compressed)
        header = (msg.type, msg.flags, msg.seq, msg.serializer_id)
        return header, {k: bytes(v) for k, v in msg.annotations.items()}, value
    msg = Pyro5.protocol.recv_stub(Wire(data))
    value = Pyro5.serializers.serializers_by_id[msg.serializer_id].loads(msg.data)
    header = (msg.type, msg.flags, msg.seq, msg.serializer_id, bytes(msg.corr_id))
    return header, {k: bytes(v) for k, v in msg.annotations.items()}, value


def moved(host, port, mapping):
    target = mapping.get("%s:%d" % (host, port))
    if not target:
        return host, port
    new_host, _, new_port = target.rpartition(":")
    return new_host, int(new_port)


def normal(value, mapping):
    """The value with every endpoint moved by `mapping`, in a form == compares exactly."""
    if isinstance(value, URI):
        host, port = (value.host, value.port) if value.host else (None, None)
        if host is not None:
            host, port = moved(host, port, mapping)
        return ("URI", value.protocol, value.object, value.sockname, host, port)
    if isinstance(value, Proxy):
        return ("Proxy", normal(value._pyroUri, mapping))
    if isinstance(value, str):
        if value.upper().startswith("PYRO:") and "@" in value and not value.endswith(tuple(" \t")):
            try:
                uri = URI(value)
            except Exception:
                return value
            if uri.protocol == "PYRO" and uri.host:
                host, port = moved(uri.host, uri.port, mapping)
                at = value.index("@", 6)
                return value[:at + 1] + ("[%s]" % host if ":" in host else host) + ":%d" % port
        return value
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [normal(v, mapping) for v in value])
    if isinstance(value, dict):
        return ("dict", [(normal(k, mapping), normal(v, mapping)) for k, v in value.items()])
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(normal(v, mapping)) for v in value))
    return (type(value).__name__, value)


def check():
    for line in sys.stdin:
        item = json.loads(line)
        try:
            before = receive(base64.b64decode(item["original"]))
            after = receive(base64.b64decode(item["rewritten"]))
            if before[0] != after[0]:
                raise AssertionError("header fields differ: %r / %r" % (before[0], after[0]))
            if before[1] != after[1]:
                raise AssertionError("annotations differ: %r / %r" % (before[1], after[1]))
            expected, got = normal(before[2], item["map"]), normal(after[2], {})
            if expected != got:
                raise AssertionError("values differ:\n  expected %r\n  got      %r" % (expected, got))
            print(json.dumps({"case": item["case"], "ok": True, "why": ""}))
        except Exception as e:
            print(json.dumps({"case": item["case"], "ok": False, "why": "%s: %s" % (type(e).__name__, e)}))


{"make": make, "check": check}[sys.argv[1]]()
