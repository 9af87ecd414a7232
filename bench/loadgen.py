"""A small HTTP/1.1 keep-alive load generator on asyncio streams (no dependency, little CPU).

It sends N requests over C persistent connections to 127.0.0.1 only, and reports throughput
and latency percentiles. Bounded in count and time; it stops by itself.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    n: int
    concurrency: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    statuses: dict[int, int]

    @property
    def rate(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        data = sorted(self.latencies_ms)
        if not data:
            return 0.0
        index = min(len(data) - 1, max(0, round(p / 100 * len(data)) - 1))
        return data[index]

    def row(self) -> dict[str, float]:
        return {
            "n": self.n,
            "c": self.concurrency,
            "per_s": round(self.rate, 1),
            "p50_ms": round(self.pct(50), 1),
            "p95_ms": round(self.pct(95), 1),
            "p99_ms": round(self.pct(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
            "errors": self.errors,
        }


RequestFactory = Callable[[int], tuple[str, str, dict[str, str], bytes]]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
        return status, body
    return status, await reader.readexactly(length)


async def _worker(
    host: str,
    port: int,
    jobs: asyncio.Queue[int],
    make: RequestFactory,
    result: Result,
    bodies: list[bytes] | None,
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            try:
                index = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            method, path, headers, body = make(index)
            head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            head += f"Content-Length: {len(body)}\r\n"
            for name, value in headers.items():
                head += f"{name}: {value}\r\n"
            started = time.perf_counter()
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
            status, payload = await _read_response(reader)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status >= 400:
                result.errors += 1
            if bodies is not None:
                bodies.append(payload)
    finally:
        writer.close()


async def _run(
    host: str, port: int, n: int, concurrency: int, make: RequestFactory, keep_bodies: bool
) -> tuple[Result, list[bytes]]:
    jobs: asyncio.Queue[int] = asyncio.Queue()
    for index in range(n):
        jobs.put_nowait(index)
    result = Result(n, concurrency, 0.0, [], 0, {})
    bodies: list[bytes] | None = [] if keep_bodies else None
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(
            *[_worker(host, port, jobs, make, result, bodies) for _ in range(concurrency)]
        ),
        timeout=600,
    )
    result.seconds = time.perf_counter() - started
    return result, bodies or []


def run(
    port: int, n: int, concurrency: int, make: RequestFactory, *, keep_bodies: bool = False
) -> tuple[Result, list[bytes]]:
    return asyncio.run(_run("127.0.0.1", port, n, concurrency, make, keep_bodies))


def json_post(path: str, payload: dict, headers: dict[str, str] | None = None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    return "POST", path, {"Content-Type": "application/json", **(headers or {})}, body
