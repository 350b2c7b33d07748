"""Pyro4 side of tests/bench/server_vs_peers.

  server_vs_peers_pyro.py daemon            run a real Pyro4 daemon with example.calculator; prints its URI
  server_vs_peers_pyro.py client URI N      N calls of add(3, 4) on one proxy; prints calls/s
"""
import sys
import time

import Pyro4


@Pyro4.expose
class Calculator(object):
    def add(self, a, b):
        return a + b

    def divide(self, a, b):
        return a / b


def daemon():
    d = Pyro4.Daemon(host="127.0.0.1", port=0)
    print(d.register(Calculator, "example.calculator"), flush=True)
    d.requestLoop()


def client(uri, n):
    proxy = Pyro4.Proxy(uri)
    assert proxy.add(3, 4) == 7  # connects, and checks the answer once
    start = time.perf_counter()
    for _ in range(n):
        if proxy.add(3, 4) != 7:
            raise SystemExit("wrong answer from " + uri)
    elapsed = time.perf_counter() - start
    print("%.0f" % (n / elapsed))


if __name__ == "__main__":
    if sys.argv[1] == "daemon":
        daemon()
    else:
        client(sys.argv[2], int(sys.argv[3]))
