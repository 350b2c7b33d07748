#!/usr/bin/env bash
# Regenerates names.pcap: a JDK 17 client that lists an RMI registry, looks "GreetingMaker" up and calls every method
# of the stub on the object's own connection, captured on the loopback interface.
# Compiles the sources in this directory into a temporary directory (no class files are kept), starts
# example.GreetingMaker (a registry on REGISTRY_PORT, the object exported on OBJECT_PORT and bound with rebind
# through the registry's network interface), runs GreetingClient once and records both ports with tcpdump.
# Needs javac, java, tcpdump and the right to capture (root).
# Usage: tests/data/jrmp/names/capture.sh [output.pcap]   (default: names.pcap beside this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/names.pcap}"
REGISTRY_PORT="${REGISTRY_PORT:-21199}"
OBJECT_PORT="${OBJECT_PORT:-21200}"

for tool in javac java tcpdump; do
    command -v "$tool" >/dev/null || { echo "capture.sh: $tool is not installed" >&2; exit 1; }
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

javac -d "$work/classes" "$here"/example/*.java "$here"/GreetingClient.java

tcpdump -i lo -U -s 0 -w "$work/capture.pcap" "tcp port $REGISTRY_PORT or tcp port $OBJECT_PORT" \
    2>"$work/tcpdump.log" &
tcpdump_pid=$!
for _ in $(seq 50); do
    grep -q "listening on" "$work/tcpdump.log" 2>/dev/null && break
    sleep 0.1
done

# The stub names 127.0.0.1 as the object's host, so the client's calls stay on the loopback interface.
java -Djava.rmi.server.hostname=127.0.0.1 -cp "$work/classes" example.GreetingMaker "$REGISTRY_PORT" "$OBJECT_PORT" \
    >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    grep -q "^ready" "$work/server.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "^ready" "$work/server.log" || { cat "$work/server.log" >&2; echo "capture.sh: server did not start" >&2; exit 1; }

java -Djava.rmi.server.hostname=127.0.0.1 -cp "$work/classes" GreetingClient "$REGISTRY_PORT" | tee "$work/client.log"

sleep 1
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
sleep 0.5
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null || true
tcpdump_pid=""
cp "$work/capture.pcap" "$out"
echo "capture.sh: wrote $out ($(stat -c %s "$out") bytes)"
