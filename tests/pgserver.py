"""A throwaway PostgreSQL server for the test session, from the machine's binaries.

initdb + pg_ctl in a temporary folder, listening only on a Unix socket in that
folder; each pytest-xdist worker starts its own, in a folder and on a port of
its own. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` system user (Debian's package creates it). The superuser `postgres`
(the tests' administrator) logs in without a password; every other role needs
its password (SCRAM), as on a province's server, so the tests go through the
password files `cchc province add-commune` writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class NoPostgres(RuntimeError):
    pass


def bindir() -> Path:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        if (Path(out) / "initdb").exists():
            return Path(out)
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    raise NoPostgres("no PostgreSQL server binaries (pg_config --bindir); install Debian's postgresql")


@dataclass
class Server:
    root: Path
    socket_dir: Path
    port: int
    superuser: str = "postgres"

    def url(self, user: str | None = None, dbname: str = "postgres", password: str | None = None) -> str:
        auth = user or self.superuser
        if password:
            auth += f":{password}"
        return f"postgresql://{auth}@/{dbname}?host={self.socket_dir}&port={self.port}"


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def worker_port(base: int = 54329) -> int:
    """A port per pytest-xdist worker (gw0, gw1, …); the base one without xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return base + (int(worker[2:]) + 1 if worker.startswith("gw") and worker[2:].isdigit() else 0)


def start(port: int | None = None) -> Server:
    port = port or worker_port()
    bins = bindir()
    root = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(root, 0o755)
    subprocess.run(_as_server_user([str(bins / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    (data / "pg_hba.conf").write_text("local all postgres trust\nlocal all all scram-sha-256\n", encoding="utf-8")
    options = (f"-c listen_addresses='' -c unix_socket_directories={sock} -c port={port} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_server_user([str(bins / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                                    str(root / "server.log"), "start"]), check=True, capture_output=True)
    return Server(root, sock, port)


def stop(server: Server) -> None:
    bins = bindir()
    subprocess.run(_as_server_user([str(bins / "pg_ctl"), "-D", str(server.root / "data"), "-m", "immediate", "stop"]),
                   capture_output=True)
    shutil.rmtree(server.root, ignore_errors=True)
