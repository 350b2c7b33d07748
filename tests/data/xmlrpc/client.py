#!/usr/bin/python3
"""The XML-RPC client of the fixtures: Python's xmlrpc.client.ServerProxy against server.py.

    client.py PORT types|keepalive|sample

types:     every XML-RPC type through echo, add(3, 4), faults, introspection and a multicall (against the HTTP/1.0
           server: one connection per call).
keepalive: a few calls on one HTTP/1.1 connection, including a string over 64 KiB (its response is gzipped).
sample:    the article's add(3, 4) -> 7, a couple of calls and a fault (resources/samples/xmlrpc-add.pcap).
Each call's outcome is printed, so a run shows what the capture holds.
"""
import datetime
import sys
import time
import xmlrpc.client


def call(label, function, *args):
    # A pause between calls keeps tcpdump from dropping packets on a busy machine.
    time.sleep(0.05)
    try:
        print(label, "->", repr(function(*args)))
    except xmlrpc.client.Fault as fault:
        print(label, "-> fault", fault.faultCode, repr(fault.faultString))


def types(proxy):
    call("add(3, 4)", proxy.add, 3, 4)
    call("echo int", proxy.echo, -2147483648)
    call("echo booleans", proxy.echo, [True, False])
    call("echo string", proxy.echo, "s<&> \u00e9\u20ac")
    call("echo empty string", proxy.echo, "")
    call("echo double", proxy.echo, 2.5)
    call("echo dateTime", proxy.echo, xmlrpc.client.DateTime(datetime.datetime(2024, 1, 2, 3, 4, 5)))
    call("echo base64", proxy.echo, xmlrpc.client.Binary(b"\x00hi\xff"))
    call("echo nil", proxy.echo, None)
    call("echo struct", proxy.echo, {"name": "x", "n": 1, "nested": {"list": [1, "two", 3.0]}})
    call("echo empty containers", proxy.echo, [[], {}])
    call("fail(42, ...)", proxy.fail, 42, "the answer is not allowed")
    call("divide(1, 0)", proxy.divide, 1, 0)
    call("system.listMethods()", proxy.system.listMethods)
    call("system.methodHelp('add')", proxy.system.methodHelp, "add")
    call("system.methodSignature('add')", proxy.system.methodSignature, "add")
    multi = xmlrpc.client.MultiCall(proxy)
    multi.add(1, 2)
    multi.echo("in a batch")
    multi.fail(7, "batch fault")
    try:
        print("multicall ->", list(multi()))
    except xmlrpc.client.Fault as fault:
        print("multicall -> fault", fault.faultCode, fault.faultString)


def keepalive(proxy):
    call("add(3, 4)", proxy.add, 3, 4)
    call("echo long string", lambda s: len(proxy.echo(s)), "x" * 70000)
    call("fail(3, ...)", proxy.fail, 3, "kept alive")
    call("add(1.5, 2)", proxy.add, 1.5, 2)


def sample(proxy):
    call("add(3, 4)", proxy.add, 3, 4)
    call("echo struct", proxy.echo, {"city": "Paris", "temperatures": [12.5, 14.0]})
    call("system.listMethods()", proxy.system.listMethods)
    call("divide(1, 0)", proxy.divide, 1, 0)


def main():
    port, scenario = int(sys.argv[1]), sys.argv[2]
    with xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/RPC2", allow_none=True) as proxy:
        {"types": types, "keepalive": keepalive, "sample": sample}[scenario](proxy)


if __name__ == "__main__":
    main()
