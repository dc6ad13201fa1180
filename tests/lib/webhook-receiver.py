#!/usr/bin/python3
"""webhook-receiver.py - a local receiver for serve's webhooks.

    webhook-receiver.py DIR

Listens on a free port of 127.0.0.1 (written to DIR/port), answers 204 to
every POST and keeps each delivery as DIR/N.body with its headers in
DIR/N.headers (N = 1, 2, ...; the body is written before the headers, so
a test waits for N.headers).  Stops after 600 s at most.
"""
import http.server
import os
import sys
import threading

out = sys.argv[1]
count = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            count += 1
            n = count
        with open(os.path.join(out, "%d.body" % n), "wb") as f:
            f.write(body)
        with open(os.path.join(out, "%d.headers.tmp" % n), "w") as f:
            for k, v in self.headers.items():
                f.write("%s: %s\n" % (k, v))
        os.rename(os.path.join(out, "%d.headers.tmp" % n), os.path.join(out, "%d.headers" % n))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
threading.Timer(600, server.shutdown).start()
server.serve_forever()
