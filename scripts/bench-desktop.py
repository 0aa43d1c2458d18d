#!/usr/bin/env python3
"""`make bench-desktop`: the desktop window against itself showing nothing.

Two numbers, each measured in the same run against the same release binary
started with DRAGOMAN_BENCH_BLANK=1 (an empty local page, no store):

- cold start: from starting the process to the desk painted with its first rows,
  on a store of 100,000 stories (the window reports the paint on stdout when
  started with DRAGOMAN_BENCH_REPORT=1);
- idle memory: a few seconds after the paint, the resident memory of the whole
  process tree (the app and the WebKit processes it starts), summed.

The app mounts at once from the answers the shell serves with the page.

Target: both ratios at most 1.2. Runs alternate desk and blank so drift on the
machine hits both sides alike. Prints a table; never fails on a missed target.
"""

import os
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORIES = int(os.environ.get("DESKTOP_BENCH_STORIES", "100000"))
RUNS = int(os.environ.get("DESKTOP_BENCH_RUNS", "5"))
IDLE_SECONDS = float(os.environ.get("DESKTOP_BENCH_IDLE", "5"))
TARGET = 1.2
BATCH = 5000


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def build() -> tuple[Path, Path]:
    # The packaged app is built with tauri/custom-protocol (what `tauri build`
    # adds); the benchmark measures that same configuration.
    subprocess.run(
        ["cargo", "build", "--release", "-p", "dragoman-desktop", "--features", "bench,tauri/custom-protocol"],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(["cargo", "build", "--release", "-p", "dragoman-cli"], cwd=ROOT, check=True)
    release = target_dir() / "release"
    return release / "dragoman-desktop", release / "dragoman"


def corpus_lines() -> list[str]:
    lines = []
    ntrex = ROOT / "tests" / "fixtures" / "ntrex"
    for f in sorted(ntrex.glob("*.ar.txt")):
        lines += [l.strip() for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
    if not lines:
        sys.exit(f"bench-desktop: the test fixtures are missing at {ntrex}")
    return lines


def seed(cli: Path, db: Path, work: Path) -> float:
    """Puts STORIES distinct Arabic stories on the desk through `dragoman import`."""
    lines = corpus_lines()
    src = work / "sources"
    src.mkdir()
    files = []
    for i in range(STORIES):
        body = "\n\n".join(lines[(i * 7 + k * 13) % len(lines)] for k in range(3))
        path = src / f"s{i:06d}.md"
        path.write_text(
            f"---\ntitle: خبر رقم {i}\nsource: al-Watan\nlanguage: ar\n---\n\n{body}\n\nرقم {i}\n",
            encoding="utf-8",
        )
        files.append(str(path))
    started = time.monotonic()
    for at in range(0, len(files), BATCH):
        subprocess.run(
            [str(cli), "--db", str(db), "import", *files[at : at + BATCH]],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(src)
    count = sqlite3.connect(db).execute("SELECT COUNT(*) FROM story").fetchone()[0]
    if count != STORIES:
        sys.exit(f"bench-desktop: the store holds {count} stories, expected {STORIES}")
    return time.monotonic() - started


def start_xvfb(work: Path) -> tuple[subprocess.Popen, str]:
    display = 99
    while Path(f"/tmp/.X{display}-lock").exists() or Path(f"/tmp/.X11-unix/X{display}").exists():
        display += 1
    xvfb = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{display}").exists():
            break
        time.sleep(0.05)
    return xvfb, f":{display}"


def tree(pid: int) -> list[int]:
    """pid and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def rss_kib(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def wait_for(proc: subprocess.Popen, report: str, deadline: float) -> float | None:
    """When the window printed `report` (time.monotonic()), or None if it never did."""
    while (left := deadline - time.monotonic()) > 0:
        # Wait for output without blocking past the deadline if the window hangs.
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            return None
        line = proc.stdout.readline()
        if not line:
            return None
        if line.strip() == report:
            return time.monotonic()
    return None


def one_run(app: Path, env: dict, blank: bool) -> tuple[float, int, list[str]]:
    env = dict(env, DRAGOMAN_BENCH_REPORT="1")
    if blank:
        env["DRAGOMAN_BENCH_BLANK"] = "1"
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(app)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
    )
    try:
        deadline = started + 120
        side = "blank" if blank else "desk"
        painted = wait_for(proc, "dragoman-bench: painted", deadline)
        if painted is None:
            raise RuntimeError(f"the window never reported a paint ({side})")
        painted -= started
        time.sleep(IDLE_SECONDS)
        pids = tree(proc.pid)
        names = []
        for p in pids:
            try:
                names.append(Path(f"/proc/{p}/comm").read_text().strip())
            except OSError:
                pass
        return painted, rss_kib(pids), names
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> None:
    if not (ROOT / "ui" / "dist" / "index.html").exists():
        sys.exit("bench-desktop: build the UI first (make ui)")
    app, cli = build()
    work = Path(tempfile.mkdtemp(prefix="dragoman-bench-desktop."))
    xvfb = None
    try:
        db = work / "desk.db"
        print(f"Desktop: cold start and idle memory, {STORIES} stories, {RUNS} runs each side, alternating.")
        seconds = seed(cli, db, work)
        print(f"seeded {STORIES} stories through `dragoman import` in {seconds:.1f} s")
        xvfb, display = start_xvfb(work)
        home = work / "home"
        home.mkdir()
        env = dict(os.environ, DISPLAY=display, DRAGOMAN_DB=str(db), HOME=str(home))
        env.pop("WAYLAND_DISPLAY", None)
        # A first start of each side warms the page cache, so every measured start
        # is alike; the numbers are starts of a fresh process, not of a cold disk.
        one_run(app, env, False)
        one_run(app, env, True)
        # The same window on an empty store says how much of the difference is the
        # UI itself and how much the 100,000 stories (reported, not judged).
        empty_env = dict(env, DRAGOMAN_DB=str(work / "empty.db"))
        desk, blank, empty = [], [], []
        processes = None
        for _ in range(RUNS):
            t, m, names = one_run(app, env, False)
            desk.append((t, m))
            processes = names
            blank.append(one_run(app, env, True)[:2])
            empty.append(one_run(app, empty_env, False)[:2])
        rows = []
        for label, i, unit, fmt in (("cold start to painted desk", 0, "ms", 1000), ("idle memory, process tree", 1, "MiB", 1 / 1024)):
            d = statistics.median(x[i] for x in desk) * fmt
            b = statistics.median(x[i] for x in blank) * fmt
            ratio = d / b
            rows.append((label, d, b, unit, ratio, "ok" if ratio <= TARGET else "MISS"))
        print()
        print(f"{'measure':<30} {'desk':>10} {'blank page':>12} {'ratio':>7} {'target':>7}  verdict")
        for label, d, b, unit, ratio, verdict in rows:
            print(f"{label:<30} {d:>7.0f} {unit:<3}{b:>8.0f} {unit:<3} {ratio:>6.2f}x {'≤' + str(TARGET) + 'x':>7}  {verdict}")
        e_start = statistics.median(x[0] for x in empty) * 1000
        e_mem = statistics.median(x[1] for x in empty) / 1024
        print(f"{'(same window, empty store)':<30} {e_start:>7.0f} ms  {e_mem:>7.0f} MiB  (not judged)")
        print()
        print(f"medians of {RUNS}; memory summed over {', '.join(sorted(set(processes or [])))}")
    finally:
        if xvfb:
            xvfb.terminate()
            xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
