"""Pyro4 daemon for the capture fixtures: the tutorial's GreetingMaker as "example.greeting".

Usage: greeting_server.py PORT [compress]
Accepts every serializer Pyro4 offers here (serpent, json, marshal, pickle, msgpack). With "compress", the daemon
compresses replies of 200 bytes or more (Pyro4 config COMPRESSION).
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
daemon.register(GreetingMaker, "example.greeting")
print("ready", flush=True)
daemon.requestLoop()
