"""A real HTTP server on 127.0.0.1 for the back office's outgoing requests (the offline-alert
webhook, the stock feed): it records what it receives and answers as it is told.

    with LocalHttp() as server:
        server.answer = Answer(200, b"gtin,quantity\\n...")   # or a list, one per request
        url = server.url("/feed.csv")
        server.received  -> [Received(method, path, headers, body)]
"""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    cut_after: int | None = None   # send a Content-Length of the whole body, then stop here
    chunked: bool = False          # no length: the body then ends when the connection closes


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class LocalHttp:
    def __init__(self):
        self.received: list[Received] = []
        self.answer: Answer | list[Answer] = Answer(204)
        self._lock = threading.Lock()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with owner._lock:
                    owner.received.append(Received(self.command, self.path, dict(self.headers), body))
                    answer = owner.answer.pop(0) if isinstance(owner.answer, list) else owner.answer
                time.sleep(answer.delay_s)
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Connection", "close")
                if not answer.chunked:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body[:answer.cut_after] if answer.cut_after is not None else answer.body)
                self.wfile.flush()
                self.close_connection = True

            do_GET = do_POST = _serve

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> LocalHttp:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()
