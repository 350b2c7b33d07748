"""Writes malformed/*.bin: Pyro5 messages damaged in one named way each, made from real messages of
pyro5-serpent.chunks.jsonl (the first CONNECT, INVOKE and RESULT of the capture). Every file is one message as a
client sent it (RESULT-based ones as the daemon sent it: their names say "result"). tst_pyro5malformed decodes each
and checks the problem it names.

Usage: make_malformed.py         (run by capture.sh after the captures)
"""
import base64
import json
import os
import struct
import zlib

here = os.path.dirname(os.path.abspath(__file__))
HEADER = struct.Struct("!4sHBBHHII16sHH")


def messages(direction):
    """The messages of the first connection in one direction, split by their headers."""
    stream = b""
    with open(os.path.join(here, "pyro5-serpent.chunks.jsonl")) as f:
        for line in f:
            chunk = json.loads(line)
            if chunk["conn"] == 0 and chunk["dir"] == direction:
                stream += base64.b64decode(chunk["data"])
    out = []
    while len(stream) >= HEADER.size:
        fields = HEADER.unpack_from(stream)
        total = HEADER.size + fields[6] + fields[7]
        out.append(stream[:total])
        stream = stream[total:]
    return out


def header(message):
    return list(HEADER.unpack_from(message))


def rebuild(fields, rest):
    return HEADER.pack(*fields) + rest


def main():
    requests = messages("c2s")
    replies = messages("s2c")
    connect, invoke = requests[0], requests[1]
    result = replies[1]
    assert connect[6] == 1 and invoke[6] == 4 and result[6] == 5
    body = invoke[HEADER.size:]
    out = {}
    out["pyro5_truncated_header"] = invoke[:23]
    out["pyro5_truncated_message"] = invoke[:-10]
    f = header(invoke)
    f[6] += 1000  # data length beyond the bytes that follow
    out["pyro5_bad_data_length"] = rebuild(f, body)
    f = header(invoke)
    f[6] = 0xFFFFFFFF  # a 4 GiB claim
    out["pyro5_huge_data_length"] = rebuild(f, body)
    # One annotation chunk whose length runs past the header's annotations size.
    chunk = b"ABCD" + struct.pack("!I", 100) + b"xyz"
    f = header(invoke)
    f[7] = len(chunk)
    out["pyro5_bad_annotation_length"] = rebuild(f, chunk + body)
    f = header(invoke)
    f[10] = 0x4DC4  # the magic number at the end of the header
    out["pyro5_wrong_magic"] = rebuild(f, body)
    f = header(invoke)
    f[0] = b"PYRX"
    out["pyro5_wrong_tag"] = rebuild(f, body)
    f = header(invoke)
    f[3] = 9  # no such serializer in Pyro5
    out["pyro5_unknown_serializer"] = rebuild(f, body)
    f = header(invoke)
    f[4] |= 0x02  # flagged compressed, but the payload is plain serpent
    out["pyro5_bad_zlib"] = rebuild(f, body)
    deep = b"# serpent utf-8 python3.2\n('example.greeting','echo',(" + b"[" * 10000 + b"]" * 10000 + b",),{})"
    f = header(invoke)
    f[6] = len(deep)
    out["pyro5_deep_nesting"] = rebuild(f, deep)
    f = header(result)
    f[6] -= 5  # the RESULT's payload cut short inside the serpent text
    out["pyro5_result_cut_payload"] = rebuild(f, result[HEADER.size:HEADER.size + f[6]])
    os.makedirs(os.path.join(here, "malformed"), exist_ok=True)
    for name, data in sorted(out.items()):
        with open(os.path.join(here, "malformed", name + ".bin"), "wb") as fh:
            fh.write(data)
        print("wrote malformed/%s.bin (%d bytes)" % (name, len(data)))


if __name__ == "__main__":
    main()
