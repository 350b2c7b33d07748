#!/usr/bin/env bash
# Captures the TLS fixtures from real traffic (needs root for tcpdump on lo): Python's xmlrpc.client over HTTPS to
# a SimpleXMLRPCServer wrapped in ssl, one connection per cipher suite (TLS 1.2 AES-128-GCM, AES-256-GCM,
# ChaCha20-Poly1305; TLS 1.3 with each of its three suites), Pyro4 with SSL=True, the same calls in the clear for
# comparison, and `openssl s_client` sending two requests with a KeyUpdate between them to a server that answers
# with a HelloRetryRequest. The clients write their secrets to *.keys (SSLKEYLOGFILE, or s_client -keylogfile);
# editcap embeds the last key log in a pcapng as a Decryption Secrets Block.
#   tests/data/tls/capture.sh      writes the files next to this script
# The certificate (EC P-256, CN=localhost) is made for each run and not kept: the captures carry it anyway.
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

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 30 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
cert="$work/cert.pem"
key="$work/key.pem"

# TLS 1.3 suites can only be chosen through OpenSSL's configuration (Python has no call for it).
openssl_conf() { # FILE DIRECTIVE
    printf 'openssl_conf = conf\n[conf]\nssl_conf = ssl\n[ssl]\nsystem_default = tls\n[tls]\n%s\n' "$2" >"$1"
}

# start OUTPUT PROTOCOL MODE [SERVER_ENV...]: a server on a free port ($port) and a tcpdump of that port into OUTPUT.
start() {
    local out="$1" protocol="$2" mode="$3"
    shift 3
    port="$(free_port)"
    env "$@" "$python" "$here/server.py" "$port" "$protocol" "$mode" "$cert" "$key" >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do grep -q ready "$work/server.log" 2>/dev/null && break; sleep 0.1; done
    tcpdump -i lo --immediate-mode -U -B 8192 -s 0 -w "$out" "tcp port $port" 2>"$work/tcpdump.log" &
    dump=$!
    for _ in $(seq 50); do grep -q listening "$work/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    # tcpdump says "listening" a moment before it records: a first connection made at once can be missed.
    sleep 0.5
}

stop() {
    local out="$1"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    dump=""
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    # A loaded machine can make tcpdump drop packets; a capture with holes is no fixture.
    if ! grep -q "^0 packets dropped by kernel" "$work/tcpdump.log"; then
        cat "$work/tcpdump.log" >&2
        echo "tcpdump dropped packets while writing $out; run again on a quieter machine" >&2
        exit 1
    fi
    echo "wrote $out"
}

client() {
    "$python" "$here/client.py" "$@"
}

# XML-RPC over TLS: one connection per suite, all keys in one key log.
rm -f "$here/tls-xmlrpc.keys"
start "$here/tls-xmlrpc.pcap" xmlrpc tls
for suite in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-ECDSA-CHACHA20-POLY1305; do
    SSLKEYLOGFILE="$here/tls-xmlrpc.keys" client "$port" xmlrpc tls "$cert" tls1.2 "$suite"
done
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    openssl_conf "$work/$suite.cnf" "Ciphersuites = $suite"
    OPENSSL_CONF="$work/$suite.cnf" SSLKEYLOGFILE="$here/tls-xmlrpc.keys" client "$port" xmlrpc tls "$cert" tls1.3
done
stop "$here/tls-xmlrpc.pcap"

start "$here/clear-xmlrpc.pcap" xmlrpc clear
client "$port" xmlrpc clear
stop "$here/clear-xmlrpc.pcap"

# Pyro4 with SSL=True (TLS 1.3, the default suite), and the same calls in the clear.
rm -f "$here/tls-pyro4.keys"
start "$here/tls-pyro4.pcap" pyro4 tls
SSLKEYLOGFILE="$here/tls-pyro4.keys" client "$port" pyro4 tls "$cert"
stop "$here/tls-pyro4.pcap"

start "$here/clear-pyro4.pcap" pyro4 clear
client "$port" pyro4 clear
stop "$here/clear-pyro4.pcap"

# A HelloRetryRequest (the server only takes P-256, s_client's first key share is X25519) and KeyUpdates: s_client's
# command "K" updates its own key and asks the server to update too, between two keep-alive requests.
rm -f "$here/tls13-hrr-keyupdate.keys"
openssl_conf "$work/groups.cnf" "Groups = P-256"
start "$here/tls13-hrr-keyupdate.pcap" xmlrpc tls OPENSSL_CONF="$work/groups.cnf"
request() { # METHOD A B
    local body="<?xml version=\"1.0\"?><methodCall><methodName>$1</methodName><params><param><value><int>$2</int></value></param><param><value><int>$3</int></value></param></params></methodCall>"
    printf 'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s' \
        "${#body}" "$body"
}
{ request add 3 4; sleep 1; printf 'K\n'; sleep 1; request add 40 2; sleep 1; } \
    | openssl s_client -connect "127.0.0.1:$port" -servername localhost -CAfile "$cert" -tls1_3 \
        -keylogfile "$here/tls13-hrr-keyupdate.keys" >"$work/s_client.log" 2>&1 || true
grep -q KEYUPDATE "$work/s_client.log" || { cat "$work/s_client.log" >&2; echo "s_client sent no KeyUpdate" >&2; exit 1; }
stop "$here/tls13-hrr-keyupdate.pcap"
# The same capture with its key log inside (a pcapng Decryption Secrets Block): decrypted with no key-log option.
editcap --inject-secrets "tls,$here/tls13-hrr-keyupdate.keys" "$here/tls13-hrr-keyupdate.pcap" \
    "$here/tls13-hrr-keyupdate-dsb.pcapng"
echo "wrote $here/tls13-hrr-keyupdate-dsb.pcapng"
