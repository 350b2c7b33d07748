"""Pyro5 client for the capture fixtures.

Usage: greeting_client.py PORT SERIALIZER     the full scenario with one serializer
       greeting_client.py PORT extras PORT4   compressed calls, a correlation id and an annotation, a PING, a
                                              streamed iterator, a property, an unknown object (CONNECTFAIL), and a
                                              Pyro5 CONNECT to the Pyro4 daemon on PORT4 (refused in Pyro4 framing)
       greeting_client.py NSPORT names        a lookup through the Pyro5 name server and a call of what it named
Run with PYTHONPATH pointing at the folder that holds the Pyro5 package (../shared/peers in this workspace).
"""
import sys
import uuid

import Pyro5.api
import Pyro5.errors
import Pyro5.protocol

port = int(sys.argv[1])
mode = sys.argv[2]
uri = "PYRO:example.greeting@127.0.0.1:%d" % port


def nested(serializer):
    value = {
        "tuple": (1, (2, [3, "three"])),
        "list": [2.5, None, True, False],
        "set": {7},
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


BIG = [2 ** 100, -(2 ** 70), 2 ** 64 - 1, 2 ** 63, -(2 ** 63) - 1, 12345678901234567890123456789]


def scenario(serializer):
    Pyro5.config.SERIALIZER = serializer
    with Pyro5.api.Proxy(uri) as greeting:
        print(greeting.get_fortune("letian"), end="")
        try:
            greeting.fail("x")
        except ValueError as e:
            print("remote exception:", e)
        greeting.log("fire and forget")
        print(greeting.get_fortune(name="keyword"), end="")
        if serializer != "marshal":
            # Pyro5's MarshalSerializer.dumpsCall cannot send a batch: it calls kwargs.items() on the batch's None.
            batch = Pyro5.api.BatchProxy(greeting)
            batch.get_fortune("a")
            batch.echo([1, 2])
            batch.fail("in batch")
            try:
                for result in batch():
                    print("batch result:", repr(result))
            except ValueError as e:
                print("batch exception:", e)
        print("big:", greeting.echo(BIG) == BIG)
        print("echo:", repr(greeting.echo(nested(serializer))))


def extras(pyro4_port):
    Pyro5.config.SERIALIZER = "serpent"
    Pyro5.config.COMPRESSION = True
    with Pyro5.api.Proxy(uri) as greeting:
        Pyro5.api.current_context.correlation_id = uuid.UUID("11111111-2222-3333-4444-555555555555")
        Pyro5.api.current_context.annotations = {"ABCD": b"custom annotation"}
        print(greeting.get_fortune("letian"), end="")
        Pyro5.api.current_context.correlation_id = None
        Pyro5.api.current_context.annotations = {}
        long_text = "compress me " * 40
        assert greeting.echo(long_text) == long_text
        Pyro5.protocol.SendingMessage.ping(greeting._pyroConnection)
        print("ping ok")
        print("streamed:", list(greeting.count(3)))
        print("mood:", greeting.mood)
        greeting.mood = "calm"
    Pyro5.config.COMPRESSION = False
    try:
        with Pyro5.api.Proxy("PYRO:no.such.object@127.0.0.1:%d" % port) as unknown:
            unknown._pyroBind()
    except Pyro5.errors.CommunicationError as e:
        print("refused:", e)
    try:
        with Pyro5.api.Proxy("PYRO:example.greeting@127.0.0.1:%d" % pyro4_port) as old:
            old._pyroBind()
    except Pyro5.errors.PyroError as e:
        print("pyro4 daemon refused:", e)


def names(ns_port):
    Pyro5.config.SERIALIZER = "serpent"
    with Pyro5.api.locate_ns("127.0.0.1", ns_port) as ns:
        print("registered:", sorted(ns.list()))
        print("lookup:", ns.lookup("example.greeting"))
    with Pyro5.api.Proxy("PYRONAME:example.greeting@127.0.0.1:%d" % ns_port) as greeting:
        print(greeting.get_fortune("by name"), end="")


if mode == "extras":
    extras(int(sys.argv[3]))
elif mode == "names":
    names(port)
else:
    scenario(mode)
