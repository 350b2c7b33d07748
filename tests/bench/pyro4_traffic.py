"""Pyro4 (or Pyro5) traffic for the benchmark: a daemon, and clients that make a fixed number of calls over a few
connections.

Usage: pyro4_traffic.py server PORT [--pyro5]
       pyro4_traffic.py client PORT CALLS CONNECTIONS [--pyro5]
The clients use serpent (the default of both versions) and a mix a real program would have: mostly small calls, some
with nested arguments, a few remote exceptions; with --pyro5 the same calls in Pyro5 (its package on PYTHONPATH).
Run by tests/bench/pyro4_decode under tcpdump.
"""
import sys
import threading

if "--pyro5" in sys.argv:
    sys.argv.remove("--pyro5")
    import Pyro5.api as Pyro
else:
    import Pyro4 as Pyro

mode, port = sys.argv[1], int(sys.argv[2])


@Pyro.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return "Hello, {0}. \n".format(name)

    def echo(self, value):
        return value

    def fail(self, what):
        raise ValueError("bad value", what)


if mode == "server":
    daemon = Pyro.Daemon(host="127.0.0.1", port=port)
    daemon.register(GreetingMaker, "example.greeting")
    print("ready", flush=True)
    daemon.requestLoop()
    sys.exit(0)

calls, connections = int(sys.argv[3]), int(sys.argv[4])
uri = "PYRO:example.greeting@127.0.0.1:%d" % port
# A connect handshake counts as a call in rpcscope's output: leave room for it.
per_connection = [(calls - connections) // connections] * connections
per_connection[0] += (calls - connections) - sum(per_connection)


def run(n, index):
    with Pyro.Proxy(uri) as proxy:
        for i in range(n):
            if i % 10 == 9:
                proxy.echo({"id": i, "tags": ("a", "b"), "values": [1.5, 2, None], "ok": True})
            elif i % 100 == 42:
                try:
                    proxy.fail(i)
                except ValueError:
                    pass
            else:
                proxy.get_fortune("client%d-%d" % (index, i))


threads = [threading.Thread(target=run, args=(n, k)) for k, n in enumerate(per_connection)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("made", calls - connections, "calls on", connections, "connections")
