#!/usr/bin/env bash
# Captures the XML-RPC fixtures from real traffic: Python's SimpleXMLRPCServer (server.py) and
# xmlrpc.client.ServerProxy (client.py) on 127.0.0.1, recorded with tcpdump on the loopback interface (needs root).
#   tests/data/xmlrpc/capture.sh      writes the .pcap files next to this script and resources/samples/xmlrpc-add.pcap
# tcpdump only records the port of this run's server, and only the tcpdump started here is stopped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python=/usr/bin/python3
work="$(mktemp -d)"
server=""
dump=""
cleanup() {
    [ -n "$dump" ] && kill -INT "$dump" 2>/dev/null || true
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# capture OUTPUT SERVER_MODE CLIENT_SCENARIO
capture() {
    local out="$1" mode="$2" scenario="$3" port
    port="$(free_port)"
    "$python" "$here/server.py" "$port" "$mode" >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do grep -q ready "$work/server.log" 2>/dev/null && break; sleep 0.1; done
    tcpdump -i lo --immediate-mode -U -B 8192 -s 0 -w "$out" "tcp port $port" 2>"$work/tcpdump.log" &
    dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    "$python" "$here/client.py" "$port" "$scenario"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    dump=""
    # A loaded machine can make tcpdump drop packets; a capture with holes is no fixture.
    if ! grep -q "^0 packets dropped by kernel" "$work/tcpdump.log"; then
        cat "$work/tcpdump.log" >&2
        echo "tcpdump dropped packets while writing $out; run again on a quieter machine" >&2
        exit 1
    fi
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    echo "wrote $out"
}

capture "$here/xmlrpc-types.pcap" http10 types
capture "$here/xmlrpc-keepalive.pcap" http11 keepalive
capture "$here/../../../resources/samples/xmlrpc-add.pcap" http10 sample
