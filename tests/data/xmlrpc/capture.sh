#!/usr/bin/env bash
# Captures the XML-RPC fixtures from real traffic: Python's SimpleXMLRPCServer (server.py) and
# xmlrpc.client.ServerProxy (client.py), or fidelity.py's http.server and http.client, on 127.0.0.1, recorded with
# tcpdump on the loopback interface (needs root).
#   tests/data/xmlrpc/capture.sh [NAME...]   writes the .pcap files next to this script and
#                                            resources/samples/xmlrpc-add.pcap; NAMEs (types, keepalive, sample,
#                                            fidelity) pick some of them, none means all
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

# capture OUTPUT "SERVER ARGS" "CLIENT ARGS": the scripts (next to this one) with PORT replaced by a free port.
capture() {
    local out="$1" port
    port="$(free_port)"
    local -a server_args client_args
    read -r -a server_args <<<"${2//PORT/$port}"
    read -r -a client_args <<<"${3//PORT/$port}"
    "$python" "$here/${server_args[0]}" "${server_args[@]:1}" >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do grep -q ready "$work/server.log" 2>/dev/null && break; sleep 0.1; done
    tcpdump -i lo --immediate-mode -U -B 8192 -s 0 -w "$out" "tcp port $port" 2>"$work/tcpdump.log" &
    dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    "$python" "$here/${client_args[0]}" "${client_args[@]:1}"
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

wanted() {
    local name
    for name in "${selected[@]}"; do [ "$name" = "$1" ] && return 0; done
    return 1
}
selected=("$@")
if [ "${#selected[@]}" -eq 0 ]; then selected=(types keepalive sample fidelity); fi

wanted types && capture "$here/xmlrpc-types.pcap" "server.py PORT http10" "client.py PORT types"
wanted keepalive && capture "$here/xmlrpc-keepalive.pcap" "server.py PORT http11" "client.py PORT keepalive"
wanted sample && capture "$here/../../../resources/samples/xmlrpc-add.pcap" "server.py PORT http10" "client.py PORT sample"
# Encodings, exact numbers and lenient forms (see fidelity.py); their goldens are refreshed by tst_xmlrpccaptures.
wanted fidelity && capture "$here/xmlrpc-fidelity.pcap" "fidelity.py server PORT" "fidelity.py client PORT"
exit 0
