#!/usr/bin/python3
"""Derives the named malformed JRMP fixtures in this directory from real messages in ../hello.pcap.

Each file is one client message as the decoder receives it from the framer:
  call_truncated_header.bin   registry.lookup("Hello") cut inside the 34-byte call header
  call_bad_length.bin         the same call whose argument string claims 65535 bytes
  call_wrong_magic.bin        the same call with stream magic AC EE instead of AC ED
  header_wrong_magic.bin      the JRMI handshake with "JRMX" as magic
  call_deep_nesting.bin       the call header of lookup followed by 10,000 nested Object[] arrays
  return_bad_array_length.bin the add(3, 4) return with an int[] claiming 2^31-1 elements instead of the int
Run with Debian's python3 from this directory (no third-party modules).
"""
import struct
from pathlib import Path

here = Path(__file__).resolve().parent


def tcp_payloads(pcap: bytes):
    """Yields (src port, dst port, payload) of each IPv4/TCP packet of a little-endian Ethernet pcap."""
    at = 24
    while at + 16 <= len(pcap):
        incl = struct.unpack_from('<I', pcap, at + 8)[0]
        frame = pcap[at + 16:at + 16 + incl]
        at += 16 + incl
        ip = frame[14:]
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        total = struct.unpack_from('>H', ip, 2)[0]
        tcp = ip[(ip[0] & 15) * 4:total]
        sport, dport = struct.unpack_from('>HH', tcp, 0)
        payload = tcp[(tcp[12] >> 4) * 4:]
        if payload:
            yield sport, dport, payload


payloads = list(tcp_payloads((here.parent / 'hello.pcap').read_bytes()))
registry_hash = bytes.fromhex('44154dc9d4e63bdf')
lookup = next(p for _, _, p in payloads
              if p.startswith(bytes.fromhex('50aced00057722')) and p[29:33] == b'\0\0\0\2' and p[33:41] == registry_hash
              and p.endswith(b'Hello'))
header = next(p for _, _, p in payloads if p.startswith(b'JRMI'))
add_return = next(p for _, _, p in payloads
                  if p.startswith(bytes.fromhex('51aced0005771301')) and len(p) == 26)

files = {
    'call_truncated_header.bin': lookup[:20],
    'call_bad_length.bin': lookup[:41] + bytes.fromhex('74ffff') + lookup[44:],
    'call_wrong_magic.bin': lookup[:1] + bytes.fromhex('acee') + lookup[3:],
    'header_wrong_magic.bin': b'JRMX' + header[4:],
}
nested = bytearray(lookup[:41])
nested += b'\x75\x72' + struct.pack('>H', 19) + b'[Ljava.lang.Object;' + bytes(7) + b'\x01\x02\x00\x00\x78\x70' + struct.pack('>i', 1)
for _ in range(9999):
    nested += b'\x75\x71' + struct.pack('>I', 0x7E0000) + struct.pack('>i', 1)
nested += b'\x70'
files['call_deep_nesting.bin'] = bytes(nested)
# Return header block shortened to the 15 header bytes, then an int[] of 2^31-1 elements.
files['return_bad_array_length.bin'] = (add_return[:5] + b'\x77\x0f' + add_return[7:22] + b'\x75\x72' + struct.pack('>H', 2) + b'[I'
                                         + bytes.fromhex('4dba602676eab2a5') + b'\x02\x00\x00\x78\x70' + struct.pack('>i', 0x7FFFFFFF))
for name, data in files.items():
    (here / name).write_bytes(data)
    print(f'{name}: {len(data)} bytes')
