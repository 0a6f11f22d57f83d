"""A cuttable WAN link: a loopback TCP forwarder between a store bridge and one cluster node.

    link = WanLink(("127.0.0.1", node_port)).start()   # bridge connects to link.port
    link.cut()       # every open connection dropped, new ones refused (the line is down)
    link.restore()   # connections accepted and forwarded again
    link.stop()

A cut closes both sides at once, as a router reboot or a cable pulled at the store does
for the bridge; nothing in between is buffered, so what was in flight is really lost
and only the protocols' own redelivery (and our outboxes) can bring it back.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time

BUFFER = 65536


class WanLink:
    def __init__(self, target: tuple[str, int]):
        self.target = target
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._server_lock = threading.Lock()
        self._up = threading.Event()
        self._up.set()
        self._stopping = threading.Event()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.cuts = 0

    def start(self) -> WanLink:
        self._spawn(self._accept_loop, "wan-accept")
        return self

    def _spawn(self, target, name: str, *args) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            if not self._up.wait(0.2):
                continue
            with self._server_lock:
                server = self._server
            server.settimeout(0.2)
            try:
                client, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()  # the cluster node itself is down
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            self._spawn(self._pump, "wan-pump", client, upstream)

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while not self._stopping.is_set() and self._up.is_set():
                for key, _ in selector.select(0.2):
                    data = key.fileobj.recv(BUFFER)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            self._close_pair(a, b)

    def _close_pair(self, a: socket.socket, b: socket.socket) -> None:
        for sock in (a, b):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        with self._lock, contextlib.suppress(ValueError):
            self._pairs.remove((a, b))

    def cut(self) -> None:
        """Close the listening socket too: a bridge reconnecting meets a refused connect, as
        behind a dead line, not a peer that accepts and hangs up."""
        self.cuts += 1
        self._up.clear()
        with self._server_lock:
            with contextlib.suppress(OSError):
                self._server.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept
            self._server.close()
        with self._lock:
            pairs = list(self._pairs)
        for a, b in pairs:
            self._close_pair(a, b)

    def restore(self) -> None:
        # The accept thread may hold the old socket for one more poll (0.2 s): retry briefly.
        for _ in range(50):
            try:
                with self._server_lock:
                    self._server = socket.create_server(("127.0.0.1", self.port))
                break
            except OSError:
                time.sleep(0.1)
        self._up.set()

    def stop(self) -> None:
        self._stopping.set()
        self.cut()
        for thread in self._threads:
            thread.join(2)
