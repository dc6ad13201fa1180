#!/usr/bin/python3
"""holdproxy.py - a TCP proxy that can freeze a copy in the middle.

    holdproxy.py LISTEN_PORT TARGET_PORT DIR [LIMIT]

Forwards 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT.  While the file
DIR/hold exists, a connection that has sent LIMIT bytes (default 262144)
from the server to the client stops forwarding that way, and DIR/held is
created; removing DIR/hold lets it go on.  So a test can stop a database
copy in the middle, a state it then waits for (DIR/held), instead of
racing the clock.  DIR/port-ready is written once it listens.
"""
import os
import socket
import sys
import threading
import time

listen_port, target_port, state = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 262144
hold = os.path.join(state, "hold")
held = os.path.join(state, "held")


def pump(src, dst, watch):
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if watch and os.path.exists(hold) and sent + len(data) > limit:
                keep = max(limit - sent, 0)
                dst.sendall(data[:keep])
                sent += keep
                data = data[keep:]
                open(held, "a").close()
                while os.path.exists(hold):
                    time.sleep(0.05)
            dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client):
    try:
        server = socket.create_connection(("127.0.0.1", target_port))
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(client, server, False), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, True), daemon=True).start()


def main():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", listen_port))
    ls.listen(64)
    open(os.path.join(state, "port-ready"), "w").close()
    while True:
        client, _ = ls.accept()
        serve(client)


main()
