#!/usr/bin/env bash
# Regenerates fidelity.pcap and fidelity.expected.jsonl: the Java fidelity peers (EchoServer, EchoClient, JDK 17)
# exchanging the golden cases of FidelityValues.golden() (one call for each value RpcScope's Java decoder once lost,
# retyped or cut silently), captured on the loopback interface, and RpcScope's jsonl of that capture.
# Compiles the sources in this directory into a temporary directory (no class files are kept). The client connects
# to the object directly (RedirectingSocketFactory is given the object's own port). Needs javac, java, tcpdump, the
# right to capture (root), and a built rpcscope-cli (RPCSCOPE_CLI, default build/app/rpcscope-cli).
# Usage: tests/data/jrmp/fidelity/capture.sh
# Review the new fidelity.expected.jsonl before committing it: it is what tst_jrmpcaptures expects.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cli="${RPCSCOPE_CLI:-$root/build/app/rpcscope-cli}"
REGISTRY_PORT="${REGISTRY_PORT:-21199}"
OBJECT_PORT="${OBJECT_PORT:-21200}"

for tool in javac java tcpdump "$cli"; do
    command -v "$tool" >/dev/null || { echo "capture.sh: $tool is not installed (or built)" >&2; exit 1; }
done

work="$(mktemp -d)"
server_pid=""
tcpdump_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$tcpdump_pid" ] && kill "$tcpdump_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

javac -d "$work/classes" "$here"/*.java

tcpdump -i lo -U -s 0 -w "$work/capture.pcap" "tcp port $REGISTRY_PORT or tcp port $OBJECT_PORT" \
    2>"$work/tcpdump.log" &
tcpdump_pid=$!
for _ in $(seq 50); do
    grep -q "listening on" "$work/tcpdump.log" 2>/dev/null && break
    sleep 0.1
done

java -Djava.rmi.server.hostname=127.0.0.1 -cp "$work/classes" EchoServer "$REGISTRY_PORT" "$OBJECT_PORT" \
    "$OBJECT_PORT" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    grep -q "^ready" "$work/server.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "^ready" "$work/server.log" || { cat "$work/server.log" >&2; echo "capture.sh: server did not start" >&2; exit 1; }

java -Djava.rmi.server.hostname=127.0.0.1 -cp "$work/classes" EchoClient "$REGISTRY_PORT" golden >"$work/client.log"
tail -n 1 "$work/client.log"

sleep 1
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
sleep 0.5
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null || true
tcpdump_pid=""
cp "$work/capture.pcap" "$here/fidelity.pcap"
"$cli" decode "$here/fidelity.pcap" --format jsonl --java-signatures "$here/fidelity.signatures" \
    >"$here/fidelity.expected.jsonl"
echo "capture.sh: wrote fidelity.pcap ($(stat -c %s "$here/fidelity.pcap") bytes) and" \
    "fidelity.expected.jsonl ($(wc -l <"$here/fidelity.expected.jsonl") calls)"
