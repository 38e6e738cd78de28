#!/usr/bin/env python3
"""bad_clients.py: zeef serve on a bad day, measured.

    python3 bench/bad_clients.py BUILD_DIR [DATA_DIR] [--quick]

Starts BUILD_DIR/zeef serve on loopback with the UN and OFAC lists of
DATA_DIR (default ../shared/data) and runs, one after another:

  slow      1,100 connections from 127.0.0.2, each sending a request head one
            byte every 10 s for 45 s (--quick: 300 connections, 15 s), while a
            client on 127.0.0.1 asks /healthz and POST /match/default ten times
            a second: latencies (p50, p99, max) and failures of that client,
            and how many slow connections the server dropped.
  greedy    the largest POST /screen the budget allows (10,000 travellers,
            limit 5), two at once, while the client above asks /healthz:
            the answers' time and size, the server's peak resident memory
            (VmHWM), /healthz p99; then requests over the budget (1,000
            travellers with limit=100) must get 413.
  chunked   a chunked body sent without end: how many bytes the server reads
            before it answers and closes, and how long that takes.
  reload    100 reloads (?wait=true): resident memory after the first and the
            last (VmRSS), and their ratio.

Prints one Markdown table a section and RESULT lines. Needs python3 only
(standard library). Exit status 0 when everything ran.
"""
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.request

QUICK = "--quick" in sys.argv
ARGS = [a for a in sys.argv[1:] if a != "--quick"]
if not ARGS:
    sys.exit("usage: bad_clients.py BUILD_DIR [DATA_DIR] [--quick]")
BUILD = ARGS[0]
DATA = ARGS[1] if len(ARGS) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
ZEEF = os.path.join(BUILD, "zeef")
UN = os.path.join(DATA, "un-consolidated", "consolidated.xml")
OFAC = os.path.join(DATA, "ofac-sdn", "sdn.csv")

MATCH = json.dumps({"queries": {"q1": {"schema": "Person", "properties": {
    "name": ["Ayman al-Zawahiri"], "birthDate": ["1951-06-19"], "nationality": ["eg"]}}}}).encode()


def start_server():
    p = subprocess.Popen([ZEEF, "serve", "--listen", "127.0.0.1:0", "--list", "UN=" + UN,
                          "--list", "OFAC=" + OFAC], stderr=subprocess.PIPE, text=True)
    port = None
    for line in p.stderr:
        if "serving on" in line:
            port = int(line.rsplit(":", 1)[1])
        if "ready:" in line:
            break
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
    return p, port


def mem(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0  # MiB
    return 0.0


def request(port, method, path, body=None, ctype="application/json", timeout=30):
    t0 = time.monotonic()
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            data = r.read()
            return r.status, time.monotonic() - t0, data
    except urllib.error.HTTPError as e:
        return e.code, time.monotonic() - t0, e.read()
    except Exception:
        return 0, time.monotonic() - t0, b""


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))]


class Prober(threading.Thread):
    """A client on 127.0.0.1: /healthz (and /match) ten times a second."""

    def __init__(self, port, match=True):
        super().__init__(daemon=True)
        self.port, self.match, self.stop = port, match, False
        self.lat = {"healthz": [], "match": []}
        self.fail = {"healthz": 0, "match": 0}

    def run(self):
        while not self.stop:
            st, t, _ = request(self.port, "GET", "/healthz", timeout=10)
            self.lat["healthz"].append(t)
            self.fail["healthz"] += st != 200
            if self.match:
                st, t, _ = request(self.port, "POST", "/match/default", MATCH, timeout=10)
                self.lat["match"].append(t)
                self.fail["match"] += st != 200
            time.sleep(0.1)


def row(name, xs, fails):
    ms = [x * 1000 for x in xs]
    print("| %s | %d | %d | %.1f | %.1f | %.1f |" % (name, len(xs), fails, pct(ms, 50), pct(ms, 99), max(ms or [0])))


def metric(port, name):
    st, _, body = request(port, "GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def slow(port):
    n, secs = (300, 15) if QUICK else (1100, 45)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 256)), hard))
    socks, refused = [], 0
    for _ in range(n):
        try:
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            socks.append(s)
        except OSError:
            refused += 1
    head = b"POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n"
    probe = Prober(port)
    probe.start()
    t0, i = time.monotonic(), 0
    while time.monotonic() - t0 < secs:
        for s in socks:
            try:
                s.send(head[i % len(head):i % len(head) + 1])
            except OSError:
                pass
        i += 1
        time.sleep(10 if not QUICK else 3)
    probe.stop = True
    probe.join()
    alive = 0
    for s in socks:
        try:
            s.send(b"x")
            alive += 1
        except OSError:
            pass
        s.close()
    dropped = metric(port, "zeef_connections_dropped_total")
    print("\n## Slow clients: %d connections from 127.0.0.2, one byte every %s s, for %d s\n"
          % (n, "3" if QUICK else "10", secs))
    print("| client on 127.0.0.1 | requests | failed | p50 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    row("GET /healthz", probe.lat["healthz"], probe.fail["healthz"])
    row("POST /match/default", probe.lat["match"], probe.fail["match"])
    print("\nslow connections: %d opened, %d refused at connect, %d still open at the end; "
          "dropped by the guard: %d" % (n, refused, alive, dropped))
    print("RESULT serve_slow healthz_p99_ms=%.1f match_p99_ms=%.1f failed=%d dropped=%d"
          % (pct(probe.lat["healthz"], 99) * 1000, pct(probe.lat["match"], 99) * 1000,
             probe.fail["healthz"] + probe.fail["match"], dropped))


def travellers(n):
    import random
    rnd = random.Random(2026)
    given = ["Ahmed", "Mohammed", "Fatima", "Ayman", "Omar", "Aisha", "Ali", "Hassan", "Yusuf", "Maryam",
             "Ibrahim", "Khalid", "Sara", "Abdul", "Rahman", "Nur", "Zainab", "Bilal", "Imran", "Ayesha"]
    family = ["Khan", "Al-Masri", "Hussain", "Rahman", "Haddad", "Siddiqui", "Qureshi", "Al-Tamimi",
              "Nasser", "Baig", "Chaudhry", "Malik", "Saleh", "Abbasi", "Shaikh", "Al-Zawahiri"]
    lines = ["id,name,birth_date,nationality"]
    for i in range(n):
        lines.append("T%d,%s %s %s,%d-%02d-%02d,%s" % (i, rnd.choice(given), rnd.choice(given),
                     rnd.choice(family), rnd.randint(1950, 2004), rnd.randint(1, 12), rnd.randint(1, 28),
                     rnd.choice(["PAK", "EGY", "SYR", "IRQ", "GBR", "DEU", "TUR"])))
    return ("\n".join(lines) + "\n").encode()


def greedy(port, pid):
    n = 2000 if QUICK else 10000
    body = travellers(n)
    probe = Prober(port, match=False)
    probe.start()
    out = [None, None]

    def one(k):
        out[k] = request(port, "POST", "/screen?limit=5&min_score=0", body, "text/csv", timeout=600)

    ts = [threading.Thread(target=one, args=(k,)) for k in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    probe.stop = True
    probe.join()
    peak = mem(pid, "VmHWM")
    st_big, _, _ = request(port, "POST", "/screen?limit=100&min_score=0", travellers(1000), "text/csv")
    print("\n## Greedy clients: two POST /screen of %d travellers at limit=5, min_score=0 (read as 0.3)\n" % n)
    print("| answer | status | seconds | bytes | records |")
    print("|---|---|---|---|---|")
    for k in range(2):
        st, t, data = out[k]
        try:
            recs = json.loads(data)["summary"]["records"]
        except Exception:
            recs = -1
        print("| %d | %d | %.1f | %d | %d |" % (k + 1, st, t, len(data), recs))
    print("\n| client on 127.0.0.1 | requests | failed | p50 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    row("GET /healthz", probe.lat["healthz"], probe.fail["healthz"])
    print("\nserver peak resident memory (VmHWM): %.0f MiB; 1,000 travellers at limit=100: HTTP %d"
          % (peak, st_big))
    print("RESULT serve_greedy seconds=%.1f peak_mib=%.0f healthz_p99_ms=%.1f over_budget_status=%d"
          % (max(out[0][1], out[1][1]), peak, pct(probe.lat["healthz"], 99) * 1000, st_big))


def chunked(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
              b"Transfer-Encoding: chunked\r\nExpect:\r\n\r\n")
    chunk = b"%x\r\n" % 65536 + b"a" * 65536 + b"\r\n"
    sent, t0, status = 0, time.monotonic(), ""
    s.settimeout(0.0)
    while time.monotonic() - t0 < 10 and sent < (20 << 30):
        try:
            sent += s.send(chunk)
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            break
        try:
            data = s.recv(4096)
            if data:
                status = data.split(b"\r\n", 1)[0].decode()
                break
            break
        except BlockingIOError:
            pass
        except OSError:
            break
    t = time.monotonic() - t0
    s.close()
    print("\n## A chunked body without end\n")
    print("sent %.1f MiB in %.2f s before the server stopped reading; its answer: %s"
          % (sent / 1048576.0, t, status or "(connection closed)"))
    print("RESULT serve_chunked sent_mib=%.1f seconds=%.2f" % (sent / 1048576.0, t))


def reload(port, pid):
    n = 20 if QUICK else 100
    first = None
    for i in range(n):
        request(port, "POST", "/admin/reload?wait=true", b"", timeout=120)
        if i == 0:
            first = mem(pid, "VmRSS")
    last = mem(pid, "VmRSS")
    print("\n## %d reloads (?wait=true)\n" % n)
    print("resident memory after the first: %.0f MiB, after the last: %.0f MiB, ratio %.2f"
          % (first, last, last / first))
    print("RESULT serve_reload reloads=%d first_mib=%.0f last_mib=%.0f ratio=%.2f" % (n, first, last, last / first))


def main():
    p, port = start_server()
    try:
        print("# zeef serve on a bad day (bench/bad_clients.py%s)" % (" --quick" if QUICK else ""))
        print("\nmachine: %d cores; lists UN + OFAC" % os.cpu_count())
        slow(port)
        greedy(port, p.pid)
        chunked(port)
        reload(port, p.pid)
    finally:
        p.terminate()
        p.wait(timeout=30)


if __name__ == "__main__":
    main()
