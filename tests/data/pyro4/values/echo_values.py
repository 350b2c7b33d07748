#!/usr/bin/python3
"""Value fidelity between real Pyro4 peers and RpcScope's decoder.

A Pyro4 4.82 daemon and client (Debian's python3-pyro4) echo a catalogue of a few hundred kinds of value with each
serializer (serpent, json, marshal, pickle, msgpack) through RpcScope's recording proxy; the decoded calls are then
compared, value by value, with what the peers themselves received.

    echo_values.py peers RECORD [--small]
        Starts the daemon, prints its port, reads the proxy's port from stdin, runs the client through it (one call
        echo(case, value) per value and serializer), writes what each side received to RECORD (a pickle) and prints
        "done". --small leaves out the largest values (for the golden capture).
    echo_values.py compare RECORD JSONL
        Reads the calls `rpcscope-cli decode --format jsonl` printed and prints, as JSON, one result per case and
        direction: the decoded value and the received value, both in RpcScope's JSON mapping (HACKING.md, "Values in
        JSON") and written canonically, plus the problems the decoder reported.

The peers run with TZ=UTC and PYTHONHASHSEED=0 (the test sets them).
"""
import base64
import datetime
import decimal
import json
import math
import pickle
import sys
import threading
import uuid

import Pyro4
import Pyro4.util

SERIALIZERS = ["serpent", "json", "marshal", "pickle", "msgpack"]
TAGS = {"map", "double", "decimal", "base64", "datetime"}
OBJECT_ID = "fidelity.echo"


def catalogue(small=False):
    """(name, value, notes) for every kind of value; notes name what the decoder must report. `small` leaves out the
    bulk (most number edges, long and deep values) for the golden capture."""
    cases = []

    def add(name, value, bulk=False, **notes):
        if not (small and bulk):
            cases.append((name, value, notes))

    # Strings of every kind: U+FEFF anywhere, NUL and control characters, astral characters, lone surrogates, a
    # surrogate pair written as two code points (which UTF-16 joins: reported as lenient), U+FFFD itself.
    strings = {
        "empty": "", "ascii": "hello", "latin1": "\u00fcn\u00efc\u00f6d\u00e9", "check mark": "\u2713",
        "cjk": "\u4e2d\u6587", "rtl": "\u05e9\u05dc\u05d5\u05dd", "combining": "e\u0301",
        "emoji": "\U0001F600", "max code point": "\U0010FFFF", "first astral": "\U00010000",
        "bom alone": "\ufeff", "bom first": "\ufeffbom", "bom inside": "mid\ufeffdle", "bom last": "end\ufeff",
        "two boms": "\ufeff\ufeff", "bom and emoji": "\ufeff\U0001F600\ufeff",
        "nul": "\x00", "nul inside": "a\x00b", "controls": "\x01\x1f\x7f\x80\x9f", "whitespace": "\t\n\r\x0b\x0c",
        "quotes": "'\"'''\"\"\"", "backslashes": "\\ \\\\ \\n \\u0041", "line separators": "\u2028\u2029",
        "private use": "\ue000", "nonchars": "\ufffe\uffff", "replacement char": "\ufffd",
        "lone high surrogate": "\ud800", "lone low surrogate": "\udfff", "surrogate inside": "a\ud800b",
        "low then high": "\udc00\ud800", "surrogate last": "x\udbff",
        "bom then surrogate": "\ufeff\ud800",
        "escapes look-alike": "\\x00\\ud800",
    }
    for name, s in strings.items():
        add("str " + name, s)
    add("str 1000 ascii", "x" * 1000, bulk=True)
    add("str pair as two code points", "\ud83d\ude00", joins_pair=True)
    add("str pair as two code points inside", "a\ud83d\ude00b", joins_pair=True)
    add("str 64 KiB", "\u00e9" * 32768 + "\ufeff" + "z" * 32767, bulk=True)

    # Integers at every edge and far past 64 bits.
    for i in (0, 1, -1, 7, -7, 10**30, -10**30):
        add("int %d" % i, i, bulk=abs(i) == 7)
    for bits in (7, 8, 15, 16, 31, 32, 53, 63, 64, 65, 100, 128, 1000):
        bulk = bits not in (63, 64, 100)
        add("int 2**%d-1" % bits, 2**bits - 1, bulk=bulk)
        add("int 2**%d" % bits, 2**bits, bulk=bulk)
        add("int -2**%d" % bits, -2**bits, bulk=bulk)
        add("int -2**%d-1" % bits, -2**bits - 1, bulk=bulk)
    add("int 3**2000", 3**2000, bulk=True)

    # Floats: whole ones stay floats, signed zero, subnormals, the edges, non-finite values.
    floats = [0.0, -0.0, 1.0, -1.0, 2.0, 0.1, 1 / 3, 2.5, 1e16, 1e-5, 1e22, 1e100, 1e300, 1e-300,
              1.7976931348623157e308, 2.2250738585072014e-308, 2.225073858507201e-308, 5e-324, -5e-324,
              123456789012345680.0, 12345678901234567.0, 9007199254740993.0, 4.35, 1e15 + 0.3,
              float("nan"), float("inf"), float("-inf")]
    golden_floats = {0.0, 1.0, 0.1, 1e16, 1e-5, 5e-324, 1.7976931348623157e308}
    for f in floats:
        add("float %r" % f, f, bulk=not (f in golden_floats or math.isnan(f) or math.isinf(f) or repr(f) == "-0.0"))

    add("None", None)
    add("True", True)
    add("False", False)

    add("bytes empty", b"")
    add("bytes nul", b"\x00")
    add("bytes all 256", bytes(range(256)))
    add("bytes utf-8 bom", b"\xef\xbb\xbf")
    add("bytes surrogate form", b"\xed\xa0\x80")
    add("bytearray", bytearray(b"ab\x00\xff"))
    add("bytearray empty", bytearray())
    add("bytes 64 KiB", bytes(range(256)) * 256, bulk=True)

    add("tuple empty", ())
    add("tuple one", (1,))
    add("tuple mixed", (1, "a", 2.0, None, True))
    add("tuple nested", (1, (2, (3, ("three",)))))
    add("list empty", [])
    add("list mixed", [1, "a", 2.5, None, False, b"x"])
    add("list nested", [[], [[]], [[[1]]]])
    add("list of 1000 ints", list(range(1000)), bulk=True)
    add("set empty", set())
    add("set ints", {1, 2, 3})
    add("set strs", {"a", "b", "\ufeff"})
    add("set of tuples", {(1, 2), (3, 4)})
    add("frozenset empty", frozenset())
    add("frozenset", frozenset({5, 6}))

    # Dicts: str keys (a struct), keys of every other type (a typed map), keys that look alike.
    add("dict empty", {})
    add("dict str keys", {"a": 1, "b": [2, 3], "c": {"d": ()}})
    add("dict key named map", {"map": 1})
    add("dict key named double", {"double": "NaN"})
    add("dict key named base64", {"base64": "AAAA"})
    add("dict keys bom and nul", {"\ufeff": 1, "\x00": 2, "": 3})
    add("dict lone surrogate key", {"\ud800": "lone"})
    add("dict int key", {1: "a"})
    add("dict int and str 1", {1: "a", "1": "b"})
    add("dict big int key", {2**70: "big", -2**70: "negative"})
    add("dict float keys", {1.5: "f", -0.0: "negative zero", 1e300: "huge"})
    add("dict tuple key", {(1, "a"): "t", (): "empty"})
    add("dict None key", {None: "n"})
    add("dict bool keys", {True: "t", False: "f"})
    add("dict bytes key", {b"k": "b"})
    add("dict frozenset key", {frozenset({1}): "fs"})
    add("dict mixed keys", {"s": 1, 2: "i", 3.5: "f", (4,): "t", None: "n"})
    add("dict nested typed", {"outer": {1: {2: "deep"}}})
    add("dict of 500", {"k%d" % i: i for i in range(500)}, bulk=True)

    add("nested 100 lists", _nest([], 100), bulk=True)
    add("nested 60 dicts", _nest_dicts(60), bulk=True)
    add("nested 5 lists", _nest([1], 5))
    add("mixed structure", {"users": [{"id": 1, "tags": {"a", "b"}, "score": 1.0, "when": None}],
                            "meta": ("v1", 2**64, -0.0, float("inf"))})

    # Dates, times, decimals, uuids and complex numbers, as each serializer carries them.
    add("datetime", datetime.datetime(2024, 1, 2, 3, 4, 5, 123456))
    add("datetime no micros", datetime.datetime(2024, 1, 2, 3, 4, 5))
    add("datetime one micro", datetime.datetime(2024, 1, 2, 3, 4, 5, 1))
    add("datetime year 1", datetime.datetime(1, 1, 1))
    add("datetime year 9999", datetime.datetime(9999, 12, 31, 23, 59, 59, 999999))
    add("datetime before 1970", datetime.datetime(1969, 12, 31, 23, 59, 59, 999999))
    add("datetime utc", datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc))
    add("datetime +05:30", datetime.datetime(2024, 1, 2, 3, 4, 5,
                                             tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))))
    add("datetime -08:00", datetime.datetime(2024, 7, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))))
    add("date", datetime.date(2024, 1, 2))
    add("date year 1", datetime.date(1, 1, 1))
    add("date max", datetime.date(9999, 12, 31))
    add("time", datetime.time(1, 2, 3, 456))
    add("time midnight", datetime.time(0, 0))
    add("time utc", datetime.time(23, 59, 59, 999999, tzinfo=datetime.timezone.utc))
    add("timedelta", datetime.timedelta(days=1, seconds=2, microseconds=3))
    add("decimal", decimal.Decimal("1.10"))
    add("decimal negative zero", decimal.Decimal("-0"))
    add("decimal exponent", decimal.Decimal("1E+3"))
    add("decimal long", decimal.Decimal("12345678901234567890.123456789012345678901"))
    add("decimal nan", decimal.Decimal("NaN"))
    add("uuid zero", uuid.UUID(int=0))
    add("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678"))
    add("uuid max", uuid.UUID(int=2**128 - 1))
    add("complex", complex(1, 2))
    add("complex negative zero", complex(-0.0, -1.5))
    names = [c[0] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def _nest(leaf, depth):
    v = leaf
    for _ in range(depth):
        v = [v]
    return v


def _nest_dicts(depth):
    v = {"leaf": 1}
    for i in range(depth):
        v = {"level%d" % i: v}
    return v


class Echo(object):
    def __init__(self):
        self.received = {}
        self.lock = threading.Lock()

    @Pyro4.expose
    def echo(self, case, value):
        with self.lock:
            self.received[case] = value
        return value


def run_peers(record_path, small):
    Pyro4.config.SERIALIZERS_ACCEPTED = set(SERIALIZERS)
    Pyro4.config.COMMTIMEOUT = 30
    echo = Echo()
    daemon = Pyro4.Daemon(host="127.0.0.1", port=0)
    daemon.register(echo, OBJECT_ID)
    threading.Thread(target=daemon.requestLoop, daemon=True).start()
    print(daemon.locationStr.split(":")[1], flush=True)
    proxy_port = int(sys.stdin.readline())

    cases = catalogue(small)
    record = {"cases": []}
    for serializer in SERIALIZERS:
        ser = Pyro4.util.get_serializer(serializer)
        proxy = Pyro4.Proxy("PYRO:%s@127.0.0.1:%d" % (OBJECT_ID, proxy_port))
        proxy._pyroSerializer = serializer
        for name, value, notes in cases:
            case = "%s/%s" % (serializer, name)
            entry = {"case": case, "serializer": serializer, "name": name, "sent": value, "notes": notes}
            try:
                ser.dumpsCall(OBJECT_ID, "echo", (case, value), {})
            except Exception as e:  # the sender's serializer cannot carry it: nothing goes on the wire
                entry["sender_refused"] = "%s: %s" % (type(e).__name__, e)
                record["cases"].append(entry)
                continue
            try:
                entry["client"] = proxy.echo(case, value)
            except Exception as e:
                entry["client_error"] = "%s: %s" % (type(e).__name__, e)
                proxy._pyroRelease()  # a new connection for the next call
            record["cases"].append(entry)
        proxy._pyroRelease()
    for entry in record["cases"]:
        if entry["case"] in echo.received:
            entry["daemon"] = echo.received[entry["case"]]
    daemon.shutdown()
    with open(record_path, "wb") as f:
        pickle.dump(record, f)
    print("done", flush=True)


class Unmapped(Exception):
    pass


class SetList(list):
    """A list that held a set: compared without regard to order."""


def mapping(v, serializer):
    """A received Python value in RpcScope's JSON mapping (as parsed JSON: dicts, lists, str, int, float...)."""
    if type(v).__name__ == "ExtType":
        # Pyro4 4.82's MsgpackSerializer.loadsCall forgets its ext_hook, so a daemon gets Pyro's extension types
        # (big ints, complex, datetimes, dates) as msgpack.ExtType: read them as Pyro's own loads() does.
        try:
            v = Pyro4.util.get_serializer("msgpack").ext_hook(v.code, v.data)
        except Exception as e:
            raise Unmapped("Pyro's msgpack extension %d is refused by its own loads(): %s" % (v.code, e))
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return {"double": "NaN"}
        if math.isinf(v):
            return {"double": "Infinity" if v > 0 else "-Infinity"}
        return v
    if isinstance(v, (bytes, bytearray)):
        return {"base64": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, (set, frozenset)):
        return SetList(mapping(x, serializer) for x in v)
    if isinstance(v, (list, tuple)):
        return [mapping(x, serializer) for x in v]
    if isinstance(v, dict):
        # serpent has no bytes literal: it sends {'data': <base-64>, 'encoding': 'base64'}, which the decoder shows
        # as the bytes it stands for (serpent.tobytes() on the receiving side).
        if serializer == "serpent" and set(v) == {"data", "encoding"} and v["encoding"] == "base64":
            return {"base64": base64.b64encode(base64.b64decode(v["data"])).decode("ascii")}
        if all(isinstance(k, str) for k in v) and not (len(v) == 1 and next(iter(v)) in TAGS):
            return {k: mapping(x, serializer) for k, x in v.items()}
        return {"map": [[mapping(k, serializer), mapping(x, serializer)] for k, x in v.items()]}
    if isinstance(v, datetime.datetime):
        if serializer == "msgpack" and v.tzinfo is None:
            # msgpack carries a POSIX timestamp; the receiver makes a local time, and the peers run with TZ=UTC.
            v = v.replace(tzinfo=datetime.timezone.utc)
        return {"datetime": v.isoformat()}
    if isinstance(v, (datetime.date, datetime.time)):
        return {"datetime": v.isoformat()}
    if isinstance(v, decimal.Decimal):
        return {"decimal": str(v)}
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, complex):
        return {"real": mapping(v.real, serializer), "imag": mapping(v.imag, serializer)}
    raise Unmapped("no JSON mapping for a received %s" % type(v).__name__)


def canon(v):
    """Canonical text of a parsed JSON value: floats by repr (so -0.0 and 1.0 stay what they are), strings with
    every non-ASCII character escaped (lone surrogates included), set contents sorted, everything else in order."""
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=True)
    if isinstance(v, SetList):
        return "{set}[" + ",".join(sorted(canon(x) for x in v)) + "]"
    if isinstance(v, list):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(canon(k) + ":" + canon(x) for k, x in v.items()) + "}"
    raise Unmapped("cannot write a %s" % type(v).__name__)


def as_sets(decoded, expected):
    """The decoded value with the arrays that the expected value holds as sets marked as sets, so that both are
    compared without regard to the order of set items."""
    if isinstance(expected, SetList) and isinstance(decoded, list):
        return SetList(decoded)
    if isinstance(expected, list) and isinstance(decoded, list) and len(expected) == len(decoded):
        return [as_sets(d, e) for d, e in zip(decoded, expected)]
    if isinstance(expected, dict) and isinstance(decoded, dict) and list(expected) == list(decoded):
        return {k: as_sets(decoded[k], expected[k]) for k in decoded}
    return decoded


def joined(v):
    """What UTF-16 makes of a value's strings: a high surrogate followed by a low one is the one character."""
    if isinstance(v, str):
        return v.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(v, SetList):
        return SetList(joined(x) for x in v)
    if isinstance(v, list):
        return [joined(x) for x in v]
    if isinstance(v, dict):
        return {joined(k): joined(x) for k, x in v.items()}
    return v


def json_text_keys(value):
    """The entries of a dict as Pyro's json serializer writes them: keys turned into their JSON text, all kept."""
    def key(k):
        return k if isinstance(k, str) else json.dumps(k)
    return {"map": [[key(k), mapping(x, "json")] for k, x in value.items()]}


def run_compare(record_path, jsonl_path):
    with open(record_path, "rb") as f:
        record = pickle.load(f)
    calls = {}
    with open(jsonl_path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                call = json.loads(line)
            except ValueError as e:
                sys.exit("line %d of %s is not JSON (%s): %s" % (number, jsonl_path, e, line[:200]))
            params = call.get("params") or []
            if call.get("method") == "echo" and len(params) == 2 and isinstance(params[0], str):
                calls[params[0]] = call
    results = []
    for entry in record["cases"]:
        case = entry["case"]
        base = {"case": case}
        if "sender_refused" in entry:
            results.append(dict(base, skipped="the sender's serializer refuses it (%s)" % entry["sender_refused"]))
            continue
        call = calls.get(case)
        if call is None:
            results.append(dict(base, side="request", missing=True))
            continue
        problems = call.get("problems", [])
        notes = entry["notes"]
        sides = [("request", "daemon", call["params"][1]), ("response", "client", call.get("result"))]
        for side, peer, decoded in sides:
            mine = [p for p in problems if p.get("message") == side]
            result = dict(base, side=side, status=call.get("status"), truncated=call.get("truncated", False),
                          problems=mine, expect_lenient=False)
            if peer not in entry:
                # A receiver refused the value: this side cannot be compared, but the message must still decode.
                result["skipped"] = "the %s did not receive it (%s)" % (peer, entry.get("client_error", "no reply"))
                results.append(result)
                continue
            try:
                expected = mapping(entry[peer], entry["serializer"])
            except Unmapped as e:
                result["skipped"] = str(e)
                results.append(result)
                continue
            if notes.get("joins_pair"):
                # Two code points that UTF-16 cannot keep apart: shown as the one character, and said so.
                expected = joined(expected)
                result["expect_lenient"] = True
            if (side == "request" and entry["serializer"] == "json" and isinstance(entry["sent"], dict)
                    and len({k if isinstance(k, str) else json.dumps(k) for k in entry["sent"]}) < len(entry["sent"])):
                # Two keys with the same JSON text: both are on the wire and shown; Python's json keeps the last.
                expected = json_text_keys(entry["sent"])
                result["expect_lenient"] = True
            result["expected"] = canon(expected)
            result["decoded"] = canon(as_sets(decoded, expected))
            results.append(result)
    print(json.dumps(results, ensure_ascii=True))


if __name__ == "__main__":
    if sys.argv[1] == "peers":
        run_peers(sys.argv[2], "--small" in sys.argv[3:])
    elif sys.argv[1] == "compare":
        run_compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: echo_values.py peers RECORD [--small] | compare RECORD JSONL")
