"""Requests no client should send, as raw bytes: each must get a 4xx and leave the
server serving everyone else. Shared by tests/reliability/test_hostile.py (the answer)
and tests/bench/hostile.py (how long it takes)."""

from __future__ import annotations

import socket

# How long to wait for an answer at most: a safety net that keeps a hung server from
# hanging the caller, never a claim about how fast it answers (that is for make bench).
PATIENCE_S = 30

HOSTILE: list[tuple[str, bytes]] = [
    ("very long URL", b"GET /planets?lat=" + b"1" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("long value", b"GET /planets?lat=" + b"1" * 7000 + b"&lon=0 HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("many parameters", b"GET /planets?" + b"&".join([b"a=1"] * 1500) + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("huge header", b"GET /planets HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 100_000 + b"\r\n\r\n"),
    ("non-UTF-8 path", b"GET /plan\xff\xfeets HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("non-UTF-8 query", b"GET /planets?lat=\xff\xfe&lon=0 HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("garbage", b"\x00\x01\x02 nonsense\r\n\r\n"),
    ("wrong method", b"DELETE /planets HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("unknown method", b"BREW /planets HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("1 MB body", b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000000\r\n\r\n" + b" " * 1_000_000),
    ("2 MB body", b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 2000000\r\n\r\n" + b" " * 2_000_000),
    ("lying length", b"POST /geo_location HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
]  # fmt: skip


def raw_status(port: int, data: bytes, timeout: float = PATIENCE_S) -> int:
    """Send raw bytes to 127.0.0.1:`port`; return the status code of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ", 2)[1])
