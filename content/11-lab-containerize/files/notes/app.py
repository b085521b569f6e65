"""Notes: a tiny web app that uses nothing but Python's standard library.

Settings come from the environment:
  PORT     the port to listen on (8000 if unset)
  MESSAGE  the headline shown on the page
"""
import html
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(os.environ.get("PORT", "8000"))
MESSAGE = os.environ.get("MESSAGE", "No MESSAGE was set")

NOTES = [
    "An image is a packaged program, read-only.",
    "A container is an image, running.",
    "A Dockerfile is the recipe for an image.",
    "-p HOST:CONTAINER makes a server inside reachable from outside.",
]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200, "application/json", json.dumps({"status": "ok"}) + "\n")
        elif self.path == "/":
            items = "\n".join(f"    <li>{html.escape(n)}</li>" for n in NOTES)
            page = (
                "<!doctype html>\n<title>Notes</title>\n"
                f"<h1>{html.escape(MESSAGE)}</h1>\n<ul>\n{items}\n</ul>\n"
            )
            self.reply(200, "text/html; charset=utf-8", page)
        else:
            self.reply(404, "text/plain", "not found\n")

    def reply(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    # 0.0.0.0: every interface, so the server can be reached from outside
    # its container once the port is published.
    server = HTTPServer(("0.0.0.0", PORT), Handler)
    print(f"notes: listening on port {PORT}", flush=True)
    server.serve_forever()
