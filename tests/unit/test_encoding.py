from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from planettracker.http import encoding, headers, messages, router

NOW = datetime(2024, 3, 20, 12, tzinfo=UTC)
PLANETS = next(r for r in router.ROUTES if r.path == "/planets")


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [
        (None, False), ("", False), ("identity", False), ("deflate, br", False),
        ("gzip", True), ("GZip", True), ("x-gzip", True), ("*", True), ("br, gzip", True),
        ("gzip;q=0", False), ("gzip; q=0.001", True), ("gzip;q=1.0", True),
        ("gzip;q=nonsense", False),
    ],
)  # fmt: skip
def test_accept_encoding_is_read_as_rfc_9110_says(header: str | None, gzip_ok: bool) -> None:
    assert encoding.accepts_gzip(header) is gzip_ok


def ask(
    accept_encoding: str | None, *, head: bool = False, compress: bool = True
) -> messages.ApiResponse:
    request = messages.ApiRequest(now=NOW, query=[("lat", "48.85"), ("lon", "2.35")],
                                  accept_encoding=accept_encoding)  # fmt: skip
    return router.respond(PLANETS, request, headers.Settings(compress=compress), head=head)


def test_a_gzipped_answer_is_the_plain_one_compressed_the_same_every_time() -> None:
    plain, zipped, again = ask(None), ask("gzip"), ask("gzip")
    assert zipped.body == again.body  # mtime=0: a cache and a fresh answer agree
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) < len(plain.body) / 2
    assert zipped.headers == {**plain.headers, "Content-Encoding": "gzip"}
    assert plain.headers["Vary"] == "Accept-Encoding"  # the plain one could have been gzip
    head = ask("gzip", head=True)
    assert (head.body, head.headers["Content-Length"]) == (b"", str(len(zipped.body)))


def test_small_answers_and_a_deployment_behind_a_cdn_are_left_alone() -> None:
    health = next(r for r in router.ROUTES if r.path == "/health")
    small = router.respond(health, messages.ApiRequest(now=NOW, accept_encoding="gzip"),
                             headers.Settings())  # fmt: skip
    assert len(small.body) < encoding.MIN_BYTES and "Vary" not in small.headers
    assert "Content-Encoding" not in small.headers
    off = ask("gzip", compress=False)
    assert "Content-Encoding" not in off.headers and "Vary" not in off.headers
    settings = headers.Settings.from_environ({"PLANETTRACKER_COMPRESS": "false"})
    assert not settings.compress and headers.Settings.from_environ({}).compress


def test_vary_names_both_encoding_and_origin() -> None:
    settings = headers.Settings(cors_origins=("https://a.example",))
    request = messages.ApiRequest(now=NOW, origin="https://a.example", accept_encoding="gzip")
    answer = router.respond(PLANETS, request, settings)
    assert answer.headers["Vary"] == "Accept-Encoding, Origin"
