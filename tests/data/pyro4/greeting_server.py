"""Pyro4 daemon for the capture fixtures: the tutorial's GreetingMaker as "example.greeting".

Usage: greeting_server.py PORT [compress] [strict] [NSPORT]
Accepts every serializer Pyro4 offers here (serpent, json, marshal, pickle, msgpack). With "compress", the daemon
compresses replies of 200 bytes or more (Pyro4 config COMPRESSION); with "strict" it accepts serpent, json and
marshal only. With a name server port, the object is also registered there as "example.greeting".
"""
import sys

import Pyro4

port = int(sys.argv[1])
Pyro4.config.SERIALIZERS_ACCEPTED = {"serpent", "json", "marshal", "pickle", "msgpack"}
if "compress" in sys.argv[2:]:
    Pyro4.config.COMPRESSION = True
if "strict" in sys.argv[2:]:
    Pyro4.config.SERIALIZERS_ACCEPTED = {"serpent", "json", "marshal"}


@Pyro4.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return "Hello, {0}. \n".format(name)

    def fail(self, what):
        raise ValueError("bad value", what)

    @Pyro4.oneway
    def log(self, text):
        self.last = text

    def echo(self, value):
        return value


daemon = Pyro4.Daemon(host="127.0.0.1", port=port)
uri = daemon.register(GreetingMaker, "example.greeting")
ns_port = next((int(a) for a in sys.argv[2:] if a.isdigit()), None)
if ns_port:
    with Pyro4.locateNS("127.0.0.1", ns_port) as ns:
        ns.register("example.greeting", uri)
print("ready", flush=True)
daemon.requestLoop()
