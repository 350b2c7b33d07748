#!/usr/bin/env bash
# Regenerates jmx.pcap: a JMX client (JMXConnectorFactory, as jconsole, VisualVM and JMX exporters use it) reading
# the platform MBeans of a JDK 17 JVM over RMI, captured on the loopback interface.
# Compiles the sources in this directory into a temporary directory (no class files are kept), starts JmxTarget in
# a JVM whose JMX agent listens on 127.0.0.1:PORT (registry and connector on the same port, no authentication, no
# SSL), runs JmxClient once and records the port with tcpdump.
# Needs javac, java, tcpdump and the right to capture (root).
# Usage: tests/data/jrmp/jmx/capture.sh [output.pcap]   (default: jmx.pcap beside this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/jmx.pcap}"
PORT="${PORT:-21299}"

for tool in javac java tcpdump; do
    command -v "$tool" >/dev/null || { echo "capture.sh: $tool is not installed" >&2; exit 1; }
done

work="$(mktemp -d)"
target_pid=""
tcpdump_pid=""
cleanup() {
    [ -n "$target_pid" ] && kill "$target_pid" 2>/dev/null || true
    [ -n "$tcpdump_pid" ] && kill "$tcpdump_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

javac -d "$work/classes" "$here"/JmxTarget.java "$here"/JmxClient.java

tcpdump -i lo -U -s 0 -w "$work/capture.pcap" "tcp port $PORT" 2>"$work/tcpdump.log" &
tcpdump_pid=$!
for _ in $(seq 50); do
    grep -q "listening on" "$work/tcpdump.log" 2>/dev/null && break
    sleep 0.1
done

# jmxremote.host binds the agent's registry and connector to loopback; java.rmi.server.hostname makes the stubs
# name 127.0.0.1, so the client's connections stay on the loopback interface.
java -Dcom.sun.management.jmxremote.port="$PORT" -Dcom.sun.management.jmxremote.rmi.port="$PORT" \
    -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
    -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
    -Dcom.sun.management.jmxremote.local.only=true \
    -cp "$work/classes" JmxTarget >"$work/target.log" 2>&1 &
target_pid=$!
for _ in $(seq 100); do
    grep -q "^ready" "$work/target.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "^ready" "$work/target.log" || { cat "$work/target.log" >&2; echo "capture.sh: target did not start" >&2; exit 1; }

java -cp "$work/classes" JmxClient "$PORT" | tee "$work/client.log"

sleep 1
kill "$target_pid"
wait "$target_pid" 2>/dev/null || true
target_pid=""
sleep 0.5
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null || true
tcpdump_pid=""
cp "$work/capture.pcap" "$out"
echo "capture.sh: wrote $out ($(stat -c %s "$out") bytes)"
