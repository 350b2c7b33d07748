#!/usr/bin/env bash
# Captures the Pyro5 fixtures from real traffic: the unmodified Pyro5 5.17 package (../shared/peers beside the
# checkout) as daemon, client and name server on 127.0.0.1, recorded with tcpdump on the loopback interface (needs
# root). One capture per serializer, pyro5-extras.pcap and pyro5-names.pcap, each also written as
# <name>.chunks.jsonl by ../pyro4/extract_chunks.py; then the malformed messages (make_malformed.py).
#   tests/data/pyro5/capture.sh [serpent|marshal|json|msgpack|extras|names ...]   (default: all of them)
# Uses /usr/bin/python3 on purpose: that is the interpreter with python3-serpent, python3-msgpack and python3-pyro4.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$(cd "$here/../../../.." && pwd)/shared/peers"
[ -d "$peers/Pyro5" ] || { echo "Pyro5 not found in $peers" >&2; exit 1; }
export PYTHONPATH="$peers"
python=/usr/bin/python3
export PYTHONUNBUFFERED=1
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start LOG COMMAND...: runs a server in the background (its pid appended to $servers) and waits until it prints
# a line (or 5 s pass).
servers=()
start() {
    local log="$1"
    shift
    "$@" >"$log" 2>&1 &
    servers+=($!)
    for _ in $(seq 50); do [ -s "$log" ] && break; sleep 0.1; done
}

stop_servers() {
    kill "${servers[@]}" 2>/dev/null || true
    wait "${servers[@]}" 2>/dev/null || true
    servers=()
}

# record NAME FILTER COMMAND...: tcpdump on lo while COMMAND runs.
record() {
    local name="$1" filter="$2"
    shift 2
    tcpdump -i lo --immediate-mode -U -s 0 -w "$here/$name" "$filter" 2>"$work/tcpdump.log" &
    local dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    "$@"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    echo "wrote $name"
}

capture_serializer() {
    local serializer="$1" port
    port="$(free_port)"
    start "$work/server.log" "$python" "$here/greeting_server.py" "$port"
    record "pyro5-$serializer.pcap" "tcp port $port" "$python" "$here/greeting_client.py" "$port" "$serializer"
    stop_servers
}

capture_extras() {
    local port port4
    port="$(free_port)"
    port4="$(free_port)"
    start "$work/server.log" "$python" "$here/greeting_server.py" "$port" compress
    start "$work/server4.log" "$python" "$here/../pyro4/greeting_server.py" "$port4"
    record pyro5-extras.pcap "tcp port $port or tcp port $port4" \
        "$python" "$here/greeting_client.py" "$port" extras "$port4"
    stop_servers
}

capture_names() {
    local port nsport
    port="$(free_port)"
    nsport="$(free_port)"
    tcpdump -i lo --immediate-mode -U -s 0 -w "$here/pyro5-names.pcap" "tcp port $port or tcp port $nsport" \
        2>"$work/tcpdump.log" &
    local dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    # The name server, the daemon registering its object there, then the client: all three on the capture.
    start "$work/ns.log" "$python" -m Pyro5.nameserver -n 127.0.0.1 -p "$nsport"
    start "$work/server.log" "$python" "$here/greeting_server.py" "$port" "$nsport"
    "$python" "$here/greeting_client.py" "$nsport" names
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    stop_servers
    echo "wrote pyro5-names.pcap"
}

what=("$@")
[ ${#what[@]} -gt 0 ] || what=(serpent marshal json msgpack extras names)
for w in "${what[@]}"; do
    case "$w" in
    serpent | marshal | json | msgpack) capture_serializer "$w" ;;
    extras) capture_extras ;;
    names) capture_names ;;
    *) echo "unknown capture '$w'" >&2; exit 2 ;;
    esac
done
cp "$here/pyro5-serpent.pcap" "$here/../../../resources/samples/pyro5-greeting.pcap"
# The same traffic as byte streams for the decoder tests (independent of the pcap reader).
"$python" "$here/../pyro4/extract_chunks.py" "$here"/pyro5-*.pcap
"$python" "$here/make_malformed.py"
