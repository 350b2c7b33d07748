"""A fast XML-RPC responder for tests/bench/live_capture: asyncio, keep-alive, answers every request with the
reply of add(3, 4) as Python's xmlrpc.client.dumps writes it, without parsing the body, so that one Python
process can put tens of thousands of calls per second on the loopback interface for the capture to keep up with.

Usage: live_capture_server.py PORT   (prints "ready" once listening)
"""
import asyncio
import sys
import xmlrpc.client

BODY = xmlrpc.client.dumps((7,), methodresponse=True).encode()
REPLY = (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(BODY)) + BODY


async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(REPLY)
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]), backlog=1024)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
