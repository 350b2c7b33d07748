#!/usr/bin/python3
"""XML-RPC bodies written by Python's xmlrpc.client.dumps, each with what its values are in RpcScope's JSON.

    python-values.py        prints one JSON object per line: {"name", "kind": "call"|"response"|"fault", "method",
                            "body": base64 of the body's bytes, "expected": [JSON text of each value]}

For a call "expected" lists the parameters, for a response its one result, for a fault its code and string. The JSON
texts follow HACKING.md ("Values in JSON"): doubles as the shortest digits that read back, laid out as Python's repr
(a ".0" on whole numbers), non-finite doubles as {"double": ...}, decimals as
{"decimal": ...}, bytes as {"base64": ...}, dates as {"datetime": text as sent}, and a struct whose only member is
named like one of those tags as {"map": [[key, value]]}. tst_xmlrpcdifferential decodes each body with RpcScope and
compares value for value.

Python's dumps refuses ints beyond 32 bits and has no writer for Decimal, so this script gives it the extensions
other libraries write: <i8> up to 64 bits, Apache's <ex:biginteger> beyond, <ex:bigdecimal> for Decimal. Each body
is also read back with xmlrpc.client.loads, so every case is one Python itself reads.
"""
import base64
import datetime
import decimal
import json
import math
import xmlrpc.client

APACHE_NS = "http://ws.apache.org/xmlrpc/namespaces/extensions"


def dump_int(marshaller, value, write):
    if -2**31 <= value < 2**31:
        write("<value><int>%d</int></value>\n" % value)
    elif -2**63 <= value < 2**63:
        write("<value><i8>%d</i8></value>\n" % value)
    else:
        write("<value><ex:biginteger xmlns:ex=\"%s\">%d</ex:biginteger></value>\n" % (APACHE_NS, value))


def dump_decimal(marshaller, value, write):
    write("<value><ex:bigdecimal xmlns:ex=\"%s\">%s</ex:bigdecimal></value>\n" % (APACHE_NS, value))


xmlrpc.client.Marshaller.dispatch[int] = dump_int
xmlrpc.client.Marshaller.dispatch[decimal.Decimal] = dump_decimal


def shortest_double(x):
    """The text rpcscope::formatDouble writes for a finite double: Python's repr (shortest digits that read back,
    fixed for exponents -4..15, scientific outside, ".0" on whole numbers)."""
    return repr(x)


TAGS = ("double", "decimal", "base64", "datetime", "map")


def ours(value):
    """`value` in RpcScope's JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return '{"double":"NaN"}'
        if math.isinf(value):
            return '{"double":"Infinity"}' if value > 0 else '{"double":"-Infinity"}'
        return shortest_double(value)
    if isinstance(value, decimal.Decimal):
        return '{"decimal":%s}' % json.dumps(str(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (bytes, bytearray)):
        return '{"base64":"%s"}' % base64.b64encode(value).decode()
    if isinstance(value, xmlrpc.client.DateTime):
        return '{"datetime":%s}' % json.dumps(value.value)
    if isinstance(value, datetime.datetime):
        return '{"datetime":%s}' % json.dumps(xmlrpc.client.DateTime(value).value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(ours(v) for v in value) + "]"
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in TAGS:
            key, item = next(iter(value.items()))
            return '{"map":[[%s,%s]]}' % (json.dumps(key), ours(item))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + ours(v) for k, v in value.items()) + "}"
    raise TypeError("no JSON for %r" % (value,))


def nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


VALUES = [
    ("int 0", 0), ("int 1", 1), ("int -1", -1), ("int max", 2**31 - 1), ("int min", -2**31),
    ("i8 past int max", 2**31), ("i8 past int min", -2**31 - 1), ("i8 2^53+1", 2**53 + 1), ("i8 max", 2**63 - 1),
    ("i8 min", -2**63), ("biginteger 2^100", 2**100), ("biginteger -10^30", -10**30),
    ("true", True), ("false", False),
    ("double 0", 0.0), ("double -0", -0.0), ("double 1", 1.0), ("double 2", 2.0), ("double 1.1", 1.1),
    ("double 0.1", 0.1), ("double 1/3", 1 / 3), ("double 2^34", 17179869184.0), ("double 2^53", 2.0**53),
    ("double 1e16", 1e16), ("double 1e22", 1e22), ("double 1e5", 1e5), ("double 1e-5", 1e-5),
    ("double 123456.789", 123456.789), ("double max", 1.7976931348623157e308), ("double -max", -1.7976931348623157e308),
    ("double min normal", 2.2250738585072014e-308), ("double max subnormal", 2.225073858507201e-308),
    ("double min subnormal", 5e-324), ("double -min subnormal", -5e-324), ("double 1e300", 1e300),
    ("double inf", float("inf")), ("double -inf", float("-inf")), ("double nan", float("nan")),
    ("empty string", ""), ("string", "plain"), ("string with blanks around", "  spaced  "), ("only blanks", "   "),
    ("markup characters", "s<&>\"' ]]>"), ("tab and newline", "tab\tand\nnewline\n"), ("latin", "h\u00e9llo w\u00f6rld"),
    ("japanese", "\u65e5\u672c\u8a9e"), ("astral", "emoji \U0001F389 and \U0001D11E"),
    ("line separators", "\u2028\u2029"), ("long string", "x" * 5000),
    ("empty bytes", b""), ("bytes", xmlrpc.client.Binary(b"\x00hi\xff")), ("all bytes", bytes(range(256))),
    ("1000 bytes", b"y" * 1000),
    ("dateTime", xmlrpc.client.DateTime("20240102T03:04:05")), ("datetime", datetime.datetime(1999, 12, 31, 23, 59, 59)),
    ("year 1", datetime.datetime(1, 1, 1)),
    ("nil", None),
    ("empty array", []), ("array", [1, "two", 3.0]), ("nested arrays", [[[]]]), ("tuple", (1, 2)),
    ("60 levels", nested(60)),
    ("empty struct", {}), ("struct", {"a": 1, "b": {"c": [1, 2]}}), ("unicode keys", {"\u043a\u043b\u044e\u0447": "v", "<&>": "esc"}),
    ("empty key", {"": "empty key"}), ("struct named like a tag", {"double": 1.5}), ("struct named map", {"map": 1}),
    ("nil member", {"a": None}),
    ("bigdecimal", decimal.Decimal("9876543210.0123456789")), ("bigdecimal with exponent", decimal.Decimal("-1E+3")),
]


def as_value(v):
    return v.data if isinstance(v, xmlrpc.client.Binary) else v


def emit(name, kind, method, body, expected):
    try:
        xmlrpc.client.loads(body)  # Python reads every body it wrote
    except xmlrpc.client.Fault:
        assert kind == "fault"
    print(json.dumps({"name": name, "kind": kind, "method": method, "body": base64.b64encode(body).decode(),
                      "expected": expected}))


def main():
    for name, value in VALUES:
        expected = [ours(as_value(value))]
        emit("call: " + name, "call", "echo", xmlrpc.client.dumps((value,), "echo", allow_none=True).encode(),
             expected)
        emit("response: " + name, "response", None,
             xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True).encode(), expected)
        if isinstance(value, str):
            # The same text in UTF-16 (with its mark) and in ISO-8859-1, where what Latin-1 lacks is a character
            # reference (&#26085;): Python's ServerProxy(encoding=...) writes both.
            emit("call in UTF-16: " + name, "call", "echo",
                 xmlrpc.client.dumps((value,), "echo", encoding="utf-16").encode("utf-16"), expected)
            emit("call in ISO-8859-1: " + name, "call", "echo",
                 xmlrpc.client.dumps((value,), "echo", encoding="iso-8859-1").encode("iso-8859-1",
                                                                                     "xmlcharrefreplace"), expected)
    params = ("a", 1, 2.5, True, None, [], {}, b"\x01")
    emit("call with many params", "call", "mixed", xmlrpc.client.dumps(params, "mixed", allow_none=True).encode(),
         [ours(p) for p in params])
    emit("call without params", "call", "system.listMethods", xmlrpc.client.dumps((), "system.listMethods").encode(),
         [])
    for code, text in ((42, "the answer"), (-32601, 'method "x" is not supported <&>'), (0, ""),
                       (1, "\u65e5\u672c\u8a9e \U0001D11E")):
        emit("fault %d" % code, "fault", None,
             xmlrpc.client.dumps(xmlrpc.client.Fault(code, text), methodresponse=True).encode(),
             [ours(code), ours(text)])


if __name__ == "__main__":
    main()
