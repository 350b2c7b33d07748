"""Mixed client traffic for tests/bench/soak: XML-RPC (xmlrpc.client: echo, add, types, fault, multicall) and Pyro4
(get_fortune, calculator.divide with its exception, batches) from several threads, through the proxy, until the
time is up. Prints one JSON line: requests, errors and the first error seen.

Usage: soak_traffic.py XMLRPC_URL PYRO_HOST:PORT SECONDS THREADS
"""
import json
import sys
import threading
import time
import xmlrpc.client

import Pyro4
import Pyro4.errors

url, pyro_at, seconds, threads = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
deadline = time.monotonic() + seconds
lock = threading.Lock()
totals = {"requests": 0, "errors": 0, "first_error": None}


def count(requests, error=None):
    with lock:
        totals["requests"] += requests
        if error is not None:
            totals["errors"] += 1
            totals["first_error"] = totals["first_error"] or repr(error)


def xmlrpc_worker(n):
    proxy = xmlrpc.client.ServerProxy(url, allow_none=True)
    i = 0
    while time.monotonic() < deadline:
        i += 1
        try:
            assert proxy.echo("soak %d %d" % (n, i)) == "soak %d %d" % (n, i)
            assert proxy.add(i, n) == i + n
            proxy.echo({"list": list(range(i % 50)), "nested": {"f": 1.5, "b": xmlrpc.client.Binary(b"\0" * 64)}})
            try:
                proxy.fault(4, "expected")
            except xmlrpc.client.Fault:
                pass
            multi = xmlrpc.client.MultiCall(proxy)
            multi.add(1, 2)
            multi.echo("m")
            assert tuple(multi()) == (3, "m")
            count(5)
        except Exception as e:  # every failure is counted, the soak goes on
            count(0, e)
            proxy = xmlrpc.client.ServerProxy(url, allow_none=True)


def pyro_worker(n):
    i = 0
    greeting = Pyro4.Proxy("PYRO:example.greeting@" + pyro_at)
    calculator = Pyro4.Proxy("PYRO:example.calculator@" + pyro_at)
    while time.monotonic() < deadline:
        i += 1
        try:
            assert "soak%d" % i in greeting.get_fortune("soak%d" % i)
            assert calculator.add(i, n) == i + n
            try:
                calculator.divide(1, 0)
            except ZeroDivisionError:
                pass
            count(3)
            if i % 100 == 0:  # a new connection now and then
                greeting._pyroRelease()
                calculator._pyroRelease()
        except Exception as e:
            count(0, e)
            greeting = Pyro4.Proxy("PYRO:example.greeting@" + pyro_at)
            calculator = Pyro4.Proxy("PYRO:example.calculator@" + pyro_at)


workers = [threading.Thread(target=xmlrpc_worker if k % 2 == 0 else pyro_worker, args=(k,)) for k in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(json.dumps(totals))
