#!/usr/bin/env python3
"""Abuse benchmark of the REST API (issue #19, section 1); not a test: it prints figures.

Starts `smartdata serve` (or bench_api_server, its headless equivalent) on a loopback port once
per case, on a fresh process, and runs one abuse case against it while probing it with logins
(POST /api/auth/login) and health checks (GET /api/health) from another loopback address
(127.0.0.2). For each case it prints the share of probes answered 200, what the attackers were
answered, and the server's peak RSS (VmHWM of /proc/PID/status).

Cases (as in the issue):
  drip      4 connections declare a 256 MiB body (no token) and send one byte every 20 s
  dripauth  the same with a valid token (the worst case once the token is checked first)
  tokenless 5 bodies of 250 MiB without a token, sent as fast as the server takes them
  chunked   6 chunked uploads of 300 MiB with a valid token (over the 256 MiB limit)
  flood     one address holds 400 connections, reconnecting whenever one is closed

Usage: tests/api/bench_api_abuse.py path/to/smartdata [case ...] [--duration S] [--port P]
Goal: logins and health probes keep working (100%), peak RSS under 300 MB in every case.
"""

import argparse
import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
PROBE_FROM = "127.0.0.2"  # the probes' own address: the flood's per-address limit is not theirs
EMAIL = "bench@example.com"
PASSWORD = "Bench-Password-42-long"


def http(port, method, path, body=b"", headers=None, source=PROBE_FROM, timeout=5.0):
    """One request on a fresh connection; (status, body) or (0, reason)."""
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.bind((source, 0))
        s.connect((HOST, port))
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        for k, v in (headers or {}).items():
            head += f"{k}: {v}\r\n"
        if body or method == "POST":
            head += f"Content-Length: {len(body)}\r\n"
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
        return status, data.partition(b"\r\n\r\n")[2]
    except Exception as e:  # noqa: BLE001 - every failure is a failed probe
        return 0, str(e).encode()


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class Server:
    def __init__(self, binary, work, port):
        self.port = port
        env = dict(os.environ, HOME=f"{work}/home", XDG_DATA_HOME=f"{work}/data",
                   XDG_CONFIG_HOME=f"{work}/config", XDG_CACHE_HOME=f"{work}/cache")
        for d in ("home", "data", "config", "cache"):
            os.makedirs(f"{work}/{d}", exist_ok=True)
        self.log = open(f"{work}/serve.err", "ab")
        self.proc = subprocess.Popen([binary, "serve", "--db", f"{work}/bench.db", "--port", str(port)],
                                     env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(200):
            if http(port, "GET", "/api/health", source=HOST, timeout=1)[0] == 200:
                break
            time.sleep(0.05)
        else:
            raise SystemExit("the server did not start; see " + f"{work}/serve.err")

    def token(self):
        body = json.dumps({"email": EMAIL, "password": PASSWORD}).encode()
        status, reply = http(self.port, "POST", "/api/auth/signup", body, {"Content-Type": "application/json"}, source=HOST)
        if status != 201:
            status, reply = http(self.port, "POST", "/api/auth/login", body, {"Content-Type": "application/json"}, source=HOST)
        if status not in (200, 201):
            raise SystemExit(f"cannot sign in: {status} {reply[:200]!r}")
        return json.loads(reply)["access_token"]

    def stop(self):
        hwm = peak_rss_mb(self.proc.pid)
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        return hwm


class Probes(threading.Thread):
    """Logins and health checks every interval, from PROBE_FROM, until stopped."""

    def __init__(self, port, interval=0.25):
        super().__init__(daemon=True)
        self.port, self.interval = port, interval
        self.results = {"login": collections.Counter(), "health": collections.Counter()}
        self.stopping = threading.Event()

    def run(self):
        body = json.dumps({"email": EMAIL, "password": PASSWORD}).encode()
        while not self.stopping.is_set():
            started = time.monotonic()
            self.results["login"][http(self.port, "POST", "/api/auth/login", body, {"Content-Type": "application/json"})[0]] += 1
            self.results["health"][http(self.port, "GET", "/api/health")[0]] += 1
            time.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    def summary(self):
        out = []
        for kind, counts in self.results.items():
            total = sum(counts.values())
            ok = counts.get(200, 0)
            out.append(f"{kind} {ok}/{total} ok ({100.0 * ok / total if total else 0:.0f}%) {dict(counts)}")
        return "; ".join(out)


def read_status(sock):
    try:
        data = sock.recv(4096)
        return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    except Exception:  # noqa: BLE001
        return 0


def drip(port, token, duration, answers, with_token):
    """Declares 256 MiB, sends a byte every 20 s; records what the server answers (or 'open')."""
    def one():
        s = socket.create_connection((HOST, port))
        auth = f"Authorization: Bearer {token}\r\n" if with_token else ""
        s.sendall(f"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n{auth}Content-Length: {256 << 20}\r\n\r\n".encode())
        end = time.monotonic() + duration
        s.settimeout(0.5)
        while time.monotonic() < end:
            try:
                s.sendall(b"t")
            except OSError:
                break
            next_byte = time.monotonic() + 20
            while time.monotonic() < min(next_byte, end):
                try:
                    data = s.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    data = b""
                answers[int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else "closed"] += 1
                s.close()
                return
        answers["still open at the end"] += 1
        s.close()
    return [threading.Thread(target=one, daemon=True) for _ in range(4)]


def big_bodies(port, token, count, size, chunked, answers):
    """count bodies of size bytes (chunked in 1 MiB chunks or with a Content-Length), as fast as taken."""
    def one():
        s = socket.create_connection((HOST, port))
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
        s.sendall(f"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n{auth}{framing}\r\n\r\n".encode())
        block = b"x" * (1 << 20)
        piece = (b"%x\r\n" % len(block)) + block + b"\r\n" if chunked else block
        sent = 0
        s.settimeout(30)
        try:
            while sent < size:
                s.sendall(piece)
                sent += len(block)
            if chunked:
                s.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        answers[read_status(s)] += 1
        answers_sent.append(sent)
        s.close()
    answers_sent = []
    answers["_sent"] = answers_sent
    return [threading.Thread(target=one, daemon=True) for _ in range(count)]


def flood(port, duration, answers, connections=400):
    """One address (127.0.0.1) holds `connections` sockets, reconnecting whenever one is closed."""
    stop_at = time.monotonic() + duration

    def one():
        while time.monotonic() < stop_at:
            try:
                s = socket.create_connection((HOST, port), timeout=5)
                s.settimeout(0.5)
                while time.monotonic() < stop_at:
                    try:
                        data = s.recv(4096)
                    except socket.timeout:
                        continue
                    if data.startswith(b"HTTP/1.1 "):
                        answers[int(data.split(b" ", 2)[1])] += 1
                    else:
                        answers["closed"] += 1
                    break
                s.close()
            except OSError:
                answers["connect failed"] += 1
                time.sleep(0.05)
    return [threading.Thread(target=one, daemon=True) for _ in range(connections)]


def run_case(name, binary, work, port, duration):
    server = Server(binary, work, port)
    token = server.token()
    answers = collections.Counter()
    if name == "drip":
        attackers, length = drip(port, token, duration, answers, with_token=False), duration
    elif name == "dripauth":
        attackers, length = drip(port, token, duration, answers, with_token=True), duration
    elif name == "tokenless":
        attackers, length = big_bodies(port, None, 5, 250 << 20, False, answers), None
    elif name == "chunked":
        attackers, length = big_bodies(port, token, 6, 300 << 20, True, answers), None
    elif name == "flood":
        attackers, length = flood(port, duration, answers), duration
    else:
        raise SystemExit(f"unknown case {name}")
    probes = Probes(port)
    started = time.monotonic()
    for t in attackers:
        t.start()
    time.sleep(1.0)  # the attack is on when the probes begin
    probes.start()
    for t in attackers:
        t.join(None if length is None else length + 30)
    elapsed = time.monotonic() - started
    time.sleep(1.0)  # probes right after the attack count too
    probes.stopping.set()
    probes.join()
    hwm = server.stop()
    sent = answers.pop("_sent", None)
    extra = f", client sent {sum(sent) / (1 << 20):.0f} MiB in all" if sent else ""
    print(f"{name:9s} {elapsed:5.1f} s  peak RSS {hwm:7.1f} MB  attackers answered {dict(answers)}{extra}")
    print(f"{'':9s} probes: {probes.summary()}")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("cases", nargs="*", default=["drip", "dripauth", "tokenless", "chunked", "flood"])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of the drip and flood cases")
    parser.add_argument("--port", type=int, default=18591)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="smartdata-abuse.")
    try:
        print(f"{os.path.realpath(args.binary)}; load average {os.getloadavg()[0]:.2f}")
        for case in args.cases:
            run_case(case, os.path.realpath(args.binary), work, args.port, args.duration)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
