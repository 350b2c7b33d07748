#!/usr/bin/env bash
# Captures pyro4-values.pcap from real traffic: Debian's Pyro4 4.82 daemon and client (echo_values.py peers --small)
# echo every kind of value of the catalogue with each serializer (serpent, json, marshal, pickle, msgpack) through
# RpcScope's recording proxy, `rpcscope-cli proxy --write` (no capture rights needed). It then checks that every
# decoded value equals what the peers received (echo_values.py compare: the script stops if one does not) and
# writes the decoded calls as the golden pyro4-values.expected.jsonl, which tst_pyro4captures compares.
#   tests/data/pyro4/values/capture.sh [BUILD_DIR]      (BUILD_DIR defaults to build/ at the top of the checkout)
# Uses /usr/bin/python3 on purpose: that is the interpreter with python3-pyro4, python3-serpent and python3-msgpack.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../../../build}"
cli="$build/app/rpcscope-cli"
python=/usr/bin/python3
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export TZ=UTC PYTHONHASHSEED=0

mkfifo "$work/in"
"$python" "$here/echo_values.py" peers "$work/record.pickle" --small <"$work/in" >"$work/peers.out" &
peers=$!
exec 3>"$work/in"
for _ in $(seq 100); do [ -s "$work/peers.out" ] && break; sleep 0.1; done
daemon_port="$(head -1 "$work/peers.out")"
"$cli" proxy --listen 127.0.0.1:0 --to "127.0.0.1:$daemon_port" --write "$here/pyro4-values.pcap" \
    >/dev/null 2>"$work/proxy.err" &
proxy=$!
for _ in $(seq 100); do grep -q "listening on" "$work/proxy.err" && break; sleep 0.1; done
proxy_port="$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/proxy.err" | grep -o '[0-9]*$')"
echo "$proxy_port" >&3
wait "$peers"
kill -TERM "$proxy"
wait "$proxy"

"$cli" decode "$here/pyro4-values.pcap" --format jsonl >"$here/pyro4-values.expected.jsonl"
"$python" "$here/echo_values.py" compare "$work/record.pickle" "$here/pyro4-values.expected.jsonl" >"$work/results.json"
"$python" - "$work/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
compared = [r for r in results if "decoded" in r]
wrong = [r for r in compared if r["decoded"] != r["expected"]]
for r in wrong:
    print("MISMATCH %s %s:\n  decoded  %s\n  received %s" % (r["case"], r["side"], r["decoded"][:200], r["expected"][:200]))
print("%d values compared, %d differ, %d not compared" % (len(compared), len(wrong), len(results) - len(compared)))
sys.exit(1 if wrong or not compared else 0)
PY
echo "wrote pyro4-values.pcap and pyro4-values.expected.jsonl"
