#!/usr/bin/env bash
# Captures the Pyro4 fixtures from real traffic: Debian's Pyro4 4.82 daemon and client on 127.0.0.1, recorded with
# tcpdump on the loopback interface (needs root). One capture per serializer, plus pyro4-extras.pcap, each also
# written as <name>.chunks.jsonl by extract_chunks.py; with "names", only pyro4-names.pcap: Pyro4's name server,
# a daemon registering its object there and a client looking it up (PYRONAME:) and calling it.
#   tests/data/pyro4/capture.sh            writes the .pcap files next to this script
#   tests/data/pyro4/capture.sh names      writes pyro4-names.pcap
# Uses /usr/bin/python3 on purpose: that is the interpreter with python3-pyro4 and python3-serpent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python=/usr/bin/python3
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# capture NAME CLIENT_MODE [SERVER_OPTIONS...]
capture() {
    local name="$1" mode="$2"
    shift 2
    local port
    port="$(free_port)"
    "$python" "$here/greeting_server.py" "$port" "$@" >"$work/server.log" 2>&1 &
    local server=$!
    for _ in $(seq 50); do grep -q ready "$work/server.log" 2>/dev/null && break; sleep 0.1; done
    tcpdump -i lo --immediate-mode -U -s 0 -w "$here/$name" "tcp port $port" 2>"$work/tcpdump.log" &
    local dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    "$python" "$here/greeting_client.py" "$port" "$mode"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    kill "$server"
    wait "$server" 2>/dev/null || true
    echo "wrote $name"
}

capture_names() {
    local port nsport
    port="$(free_port)"
    nsport="$(free_port)"
    tcpdump -i lo --immediate-mode -U -s 0 -w "$here/pyro4-names.pcap" "tcp port $port or tcp port $nsport" \
        2>"$work/tcpdump.log" &
    local dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    PYTHONUNBUFFERED=1 "$python" -m Pyro4.naming -n 127.0.0.1 -p "$nsport" >"$work/ns.log" 2>&1 &
    local ns=$!
    for _ in $(seq 50); do grep -q 'NS running' "$work/ns.log" 2>/dev/null && break; sleep 0.1; done
    "$python" "$here/greeting_server.py" "$port" "$nsport" >"$work/server.log" 2>&1 &
    local server=$!
    for _ in $(seq 50); do grep -q ready "$work/server.log" 2>/dev/null && break; sleep 0.1; done
    "$python" "$here/greeting_client.py" "$nsport" names
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    kill "$server" "$ns"
    wait "$server" "$ns" 2>/dev/null || true
    echo "wrote pyro4-names.pcap"
}

if [ "${1:-}" = names ]; then
    capture_names
    "$python" "$here/extract_chunks.py" "$here/pyro4-names.pcap"
    exit 0
fi

for serializer in serpent json marshal pickle msgpack; do
    capture "pyro4-$serializer.pcap" "$serializer"
done
capture pyro4-extras.pcap extras compress strict
cp "$here/pyro4-serpent.pcap" "$here/../../../resources/samples/pyro4-greeting.pcap"
# The same traffic as byte streams for the decoder tests (independent of the pcap reader).
"$python" "$here/extract_chunks.py"
