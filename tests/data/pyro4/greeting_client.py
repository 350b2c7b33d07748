"""Pyro4 client for the capture fixtures.

Usage: greeting_client.py PORT SERIALIZER       the full scenario with one serializer
       greeting_client.py PORT extras           compressed calls, a metadata-less connect, a PING and a refused
                                                pickle connect (run against a daemon started with "compress strict")
       greeting_client.py NSPORT names          a lookup through the Pyro4 name server and a call of what it named
"""
import sys

import Pyro4
import Pyro4.errors
import Pyro4.message

port = int(sys.argv[1])
mode = sys.argv[2]
uri = "PYRO:example.greeting@127.0.0.1:%d" % port


def nested(serializer):
    value = {
        "tuple": (1, (2, [3, "three"])),
        "list": [2.5, None, True, False],
        "set": {7},
        "big": 2 ** 100,
        "negative": -7,
        "text": "\u00fcn\u00efc\u00f6de \u2713",
        "inf": float("inf"),
        "empty": ((), [], {}),
    }
    if serializer != "json":
        value["bytes"] = b"\x00\x01hi\xff"
        value["complex"] = 1 + 2j
        if serializer != "msgpack":  # msgpack-python refuses int map keys (strict_map_key)
            value[42] = "int key"
    return value


def scenario(serializer):
    Pyro4.config.SERIALIZER = serializer
    with Pyro4.Proxy(uri) as greeting:
        print(greeting.get_fortune("letian"), end="")
        try:
            greeting.fail("x")
        except ValueError as e:
            print("remote exception:", e)
        greeting.log("fire and forget")
        print(greeting.get_fortune(name="keyword"), end="")
        if serializer != "marshal":
            # Pyro4 4.82 cannot send a batch with marshal: MarshalSerializer.dumpsCall calls kwargs.items() on the
            # batch's kwargs, which is None.
            batch = Pyro4.batch(greeting)
            batch.get_fortune("a")
            batch.echo([1, 2])
            batch.fail("in batch")
            try:
                for result in batch():
                    print("batch result:", repr(result))
            except ValueError as e:
                print("batch exception:", e)
        print("echo:", repr(greeting.echo(nested(serializer))))


def extras():
    Pyro4.config.SERIALIZER = "serpent"
    Pyro4.config.METADATA = False
    Pyro4.config.COMPRESSION = True
    with Pyro4.Proxy(uri) as greeting:
        print(greeting.get_fortune("letian"), end="")
        long_text = "compress me " * 40
        assert greeting.echo(long_text) == long_text
        Pyro4.message.Message.ping(greeting._pyroConnection)
        print("ping ok")
    Pyro4.config.SERIALIZER = "pickle"
    try:
        with Pyro4.Proxy(uri) as refused:
            refused._pyroBind()
    except Pyro4.errors.CommunicationError as e:
        print("refused:", e)


def names(ns_port):
    Pyro4.config.SERIALIZER = "serpent"
    with Pyro4.locateNS("127.0.0.1", ns_port) as ns:
        print("registered:", sorted(ns.list()))
        print("lookup:", ns.lookup("example.greeting"))
    with Pyro4.Proxy("PYRONAME:example.greeting@127.0.0.1:%d" % ns_port) as greeting:
        print(greeting.get_fortune("by name"), end="")


if mode == "extras":
    extras()
elif mode == "names":
    names(port)
else:
    scenario(mode)
