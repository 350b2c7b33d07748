"""Writes <capture>.chunks.jsonl next to each pyro4-*.pcap: the TCP payloads of the capture in the order they were
seen, one JSON object per segment: {"conn": n, "dir": "c2s"|"s2c", "ts": seconds, "data": base64}. The decoder
tests feed these byte streams to a TrafficDecoder, so they do not depend on the pcap reader. Loopback captures have
no loss or reordering, so segments are taken as they come (retransmissions would be written twice).

Usage: extract_chunks.py [PCAP...]   (default: every pyro4-*.pcap in this folder)
"""
import base64
import glob
import json
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))


def segments(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        if linktype == 1:  # Ethernet
            if struct.unpack("!H", frame[12:14])[0] != 0x0800:
                continue
            ip = frame[14:]
        elif linktype == 0:  # BSD loopback
            ip = frame[4:]
        else:
            raise SystemExit("unsupported link type %d" % linktype)
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        if ip[9] != 6:
            continue
        tcp = ip[ihl:total]
        sport, dport = struct.unpack("!HH", tcp[:4])
        flags = tcp[13]
        offset = (tcp[12] >> 4) * 4
        src = (bytes(ip[12:16]), sport)
        dst = (bytes(ip[16:20]), dport)
        yield sec + frac / (1e9 if nano else 1e6), src, dst, flags, tcp[offset:]


def extract(path):
    conns = {}
    lines = []
    for ts, src, dst, flags, payload in segments(path):
        key = frozenset((src, dst))
        if key not in conns:
            syn_only = (flags & 0x12) == 0x02
            conns[key] = (len(conns), src if syn_only else dst)
        number, client = conns[key]
        if payload:
            lines.append({"conn": number, "dir": "c2s" if src == client else "s2c", "ts": round(ts, 6),
                          "data": base64.b64encode(payload).decode()})
    out = os.path.splitext(path)[0] + ".chunks.jsonl"
    with open(out, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    print("wrote", os.path.basename(out), len(lines), "segments,", len(conns), "connections")


for p in sys.argv[1:] or sorted(glob.glob(os.path.join(here, "pyro4-*.pcap"))):
    extract(p)
