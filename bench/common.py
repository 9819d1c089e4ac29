"""Shared pieces of the benchmarks: a seeded database, a production-like server, a load
generator and a table.

The server is gunicorn with ``portal.settings.production`` (DEBUG off, whitenoise, manifest
static files), exactly as deployed, minus HTTPS redirects. The load generator is ``wrk``
(``apt-get install wrk``) when it is installed, otherwise a small keep-alive HTTP client in
plain Python (slower: it measures the client too; the table says which one ran).
"""

import asyncio
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATA_DIR = ROOT / "bench" / ".data"
# One key for every process of a run: sessions made in setup must be valid for the server.
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
# Production settings need Redis: the machine's (BENCH_REDIS_URL), under a key prefix of this
# run, so that no run is served pages cached by an earlier one (another database, other
# content). The entries expire; the prefix's page-cache generation key stays (a few bytes).
REDIS_URL = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/0"
CACHE_KEY_PREFIX = f"portal-bench-{secrets.token_hex(4)}"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def database_url(name):
    """PostgreSQL when BENCH_DATABASE_URL is set (its database name is replaced by ``name``),
    otherwise a SQLite file under bench/.data/."""
    base = os.environ.get("BENCH_DATABASE_URL")
    if base:
        parts = urlsplit(base)
        return parts._replace(path=f"/{name}").geturl()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA_DIR / (name + '.sqlite3')}"


def base_env(db_url, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PORTAL_BASE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": db_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def recreate_postgres_database(db_url):
    """Drop and create the PostgreSQL database of ``db_url`` (connecting to ``postgres``)."""
    import psycopg

    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare_database(name, seed=(), fresh=False):
    """Migrate, load the demo content and run ``seed``-commands once; reuse the database
    on later runs unless ``fresh``. Returns the database URL."""
    db_url = database_url(name)
    marker = DATA_DIR / f"{name}.ready"
    if marker.exists() and not fresh:
        log(f"reusing database {db_url} (pass --fresh to rebuild)")
        return db_url
    log(f"building database {db_url}")
    if db_url.startswith("sqlite"):
        Path(urlsplit(db_url).path).unlink(missing_ok=True)
    else:
        recreate_postgres_database(db_url)
    env = base_env(db_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content")
    for command in seed:
        started = time.monotonic()
        manage(env, *command)
        log(f"{' '.join(command)}: {time.monotonic() - started:.0f} s")
    # Planner statistics, as autovacuum would gather them in production (it may be off, or
    # not have run yet, right after a bulk load; without them PostgreSQL picks nested
    # loops over thousands of rows).
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    marker.write_text(db_url)
    return db_url


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def portal_server(db_url, workers=None, static_files=None, gunicorn_args=(), **env_extra):
    """gunicorn with production settings on a free port; yields its base URL.

    ``static_files`` ({name: bytes}) are added to the collected static files before the
    server starts (whitenoise serves what is there at start-up).
    """
    static_root = tempfile.mkdtemp(prefix="portal-bench-static-")
    env = base_env(db_url, STATIC_ROOT=static_root, **env_extra)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    for name, content in (static_files or {}).items():
        (Path(static_root) / name).write_bytes(content)
    port = free_port()
    workers = workers or int(os.environ.get("BENCH_WORKERS", (os.cpu_count() or 2) * 2 + 1))
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *gunicorn_args,
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %f %f %f\\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.mean / 1000))
end
"""


WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP_SECONDS", "2"))


def measure(url, seconds=10, connections=8, threads=2, warmup=WARMUP_SECONDS):
    """Requests per second and latency percentiles (ms) for GET ``url``, in the steady state:
    a short run first (not counted) reaches every gunicorn worker, so each has filled its
    own local-memory cache and made its database connection before the timed run."""
    fetch(url)  # fills the page cache where it applies
    if warmup > 0:
        measure(url, max(1, round(warmup)), connections, threads, warmup=0)
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        output = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        os.unlink(script.name)
        line = next(line for line in output.splitlines() if line.startswith("RESULT"))
        requests, errors, duration_us, p50, p95, mean = line.split()[1:]
        duration = int(duration_us) / 1e6
        return {
            "rps": int(requests) / duration,
            "p50": float(p50),
            "p95": float(p95),
            "errors": int(errors),
            "tool": "wrk",
        }
    return asyncio.run(_python_load(url, seconds, connections))


async def _python_load(url, seconds, connections):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: keep-alive\r\n\r\n".encode()
    )
    latencies, errors = [], 0
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            headers = await reader.readuntil(b"\r\n\r\n")
            length = 0
            status = int(headers.split(b" ", 2)[1])
            for header in headers.split(b"\r\n"):
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":")[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            if status >= 400:
                errors += 1
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "errors": errors,
        "tool": "python",
    }


def print_table(rows, columns):
    """rows: list of dicts; columns: list of (key, heading, format)."""
    widths = []
    for key, heading, fmt in columns:
        cells = [fmt.format(row[key]) if row.get(key) is not None else "-" for row in rows]
        widths.append(max(len(heading), *(len(cell) for cell in cells)) if cells else len(heading))
    line = "  ".join(
        heading.ljust(width) for (_, heading, _), width in zip(columns, widths, strict=True)
    )
    print(line)
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(
            "  ".join(
                (fmt.format(row[key]) if row.get(key) is not None else "-").ljust(width)
                for (key, _, fmt), width in zip(columns, widths, strict=True)
            )
        )
