"""Pyro5 daemon for the capture fixtures: the tutorial's GreetingMaker as "example.greeting".

Usage: greeting_server.py PORT [compress] [NSPORT]
Pyro5 answers in whatever serializer a request used (serpent, marshal, json, msgpack). With "compress", the daemon
compresses every payload over 100 bytes (Pyro5 config COMPRESSION). With a name server port, the object is also
registered there as "example.greeting" (which is name-server traffic of its own).
Run with PYTHONPATH pointing at the folder that holds the Pyro5 package (../shared/peers in this workspace).
"""
import sys

import Pyro5.api

port = int(sys.argv[1])
if "compress" in sys.argv[2:]:
    Pyro5.config.COMPRESSION = True
ns_port = next((int(a) for a in sys.argv[2:] if a.isdigit()), None)


@Pyro5.api.expose
class GreetingMaker(object):
    def __init__(self):
        self._mood = "cheerful"

    def get_fortune(self, name):
        return "Hello, {0}. \n".format(name)

    def fail(self, what):
        raise ValueError("bad value", what)

    @Pyro5.api.oneway
    def log(self, text):
        self.last = text

    def echo(self, value):
        return value

    def count(self, n):
        yield from range(n)

    @property
    def mood(self):
        return self._mood

    @mood.setter
    def mood(self, value):
        self._mood = value


daemon = Pyro5.api.Daemon(host="127.0.0.1", port=port)
uri = daemon.register(GreetingMaker, "example.greeting")
if ns_port:
    with Pyro5.api.locate_ns("127.0.0.1", ns_port) as ns:
        ns.register("example.greeting", uri)
print("ready", flush=True)
daemon.requestLoop()
