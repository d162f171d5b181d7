"""The bubblewrap sandbox that runs people's code answers: found at start, or code answers off.

Each run is a fresh process tree, confined by bwrap:
- namespaces: no network (its own empty net namespace), its own PIDs (the bot is not visible,
  so it cannot be signalled), IPC, UTS and cgroup;
- files: a read-only view of the interpreter, its standard library (site-packages hidden) and
  NumPy, plus the C libraries they load; a private, size-bounded tmpfs at /tmp; nothing else
  (no /etc, no home, no database, no source tree);
- no environment (--clearenv, and bwrap itself is started with an empty one: no tokens);
- --die-with-parent, --new-session (no terminal injection);
- capabilities: all dropped. Run as root, bwrap keeps only setuid/setgid/setpcap for setpriv,
  which switches to an unprivileged uid and drops those and the bounding set, then execs bwrap
  again unprivileged into a user namespace that may create no other (--disable-userns); run as
  any other user, bwrap uses a user namespace and drops everything itself, the same way;
- limits (prlimit): CPU seconds, address space, processes, file size, open files, no core;
  and a wall-clock timeout with a bounded read of the output.

Why setpriv as root rather than bwrap's user namespace: RLIMIT_NPROC never applies to the real
root uid, even inside a user namespace, so a fork bomb is only bounded under another uid.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from content.checkers.code.program import Program, RunResult

log = logging.getLogger(__name__)
UIDS = range(2_000_000, 3_000_000)
"""Run as root, each run takes a uid from here that owns nothing on the host and no other run
shares (the process limit counts per uid: one run's fork bomb must not starve another's)."""


@dataclass(frozen=True)
class Limits:
    """Resource bounds of one run."""

    cpu_seconds: int = 2
    wall_seconds: float = 4.0
    memory_bytes: int = 768 * 1024 * 1024
    processes: int = 16
    file_bytes: int = 4 * 1024 * 1024
    open_files: int = 64
    tmpfs_bytes: int = 16 * 1024 * 1024
    output_bytes: int = 256 * 1024


def _numpy_paths() -> list[Path]:
    import numpy

    package = Path(numpy.__file__).resolve().parent
    libs = package.parent / "numpy.libs"  # the wheel's bundled OpenBLAS
    return [package] + ([libs] if libs.is_dir() else [])


def _interpreter_paths() -> tuple[Path, list[Path], Path | None]:
    """The executable, what it loads (stdlib, libpython), and the site-packages to hide."""
    executable = Path(os.path.realpath(sys.executable))
    stdlib = Path(sysconfig.get_path("stdlib")).resolve()
    libdir = Path(sysconfig.get_config_var("LIBDIR") or stdlib.parent).resolve()
    loaded = [stdlib] + sorted(libdir.glob("libpython*.so*"))
    purelib = Path(sysconfig.get_path("purelib", vars={"base": sys.base_prefix})).resolve()
    return executable, loaded, purelib if purelib.is_dir() else None


class _Layout:
    """bwrap arguments that build a filesystem of read-only binds with 0755 parents."""

    def __init__(self) -> None:
        self.args: list[str] = []
        self.dirs: set[str] = {"/", "/tmp"}  # /tmp is the private tmpfs, made first

    def parents(self, target: Path) -> None:
        # bwrap makes missing parents 0700, which the unprivileged uid could not enter.
        for parent in reversed(target.parents):
            if str(parent) not in self.dirs:
                self.dirs.add(str(parent))
                self.args += ["--perms", "0755", "--dir", str(parent)]

    def bind(self, path: Path) -> None:
        self.parents(path)
        self.dirs.add(str(path))
        self.args += ["--ro-bind", str(path), str(path)]

    def hide(self, path: Path) -> None:
        self.args += ["--perms", "0755", "--tmpfs", str(path)]


def _system_libraries(layout: _Layout) -> None:
    """Bind the C library directories; merged-/usr systems get /lib and /lib64 as symlinks."""
    for directory in ("/usr/lib", "/usr/lib64", "/lib", "/lib64"):
        path = Path(directory)
        if path.is_symlink():
            layout.args += ["--symlink", os.readlink(path), directory]
        elif path.is_dir():
            layout.bind(path)


class Sandbox:
    """Runs a Program under bwrap with limits; a `CodeRunner`."""

    def __init__(
        self, bwrap: str, limits: Limits | None = None, uid_for_run: Callable[[], int] | None = None
    ) -> None:
        self.limits = limits or Limits()
        self.as_root = os.geteuid() == 0
        self.uid_for_run = uid_for_run or (lambda: UIDS[secrets.randbelow(len(UIDS))])
        executable, loaded, site = _interpreter_paths()
        layout = _Layout()
        _system_libraries(layout)
        for path in [executable, *loaded]:
            layout.bind(path)
        if site is not None and any(site == p or site.is_relative_to(p) for p in loaded):
            layout.hide(site)  # the bot's own packages stay out of view
        numpy_dirs = _numpy_paths()
        for path in numpy_dirs:
            layout.bind(path)
        self.search_path = tuple(sorted({str(p.parent) for p in numpy_dirs}))
        self._argv = self._command(bwrap, layout, executable)

    def _argv_for(self, uid: int) -> list[str]:
        # Run as another user, the process limit counts the bot's own threads and processes
        # too (same uid): the run gets its allowance on top of what the bot holds now.
        nproc = self.limits.processes + (0 if self.as_root else _tasks_of(os.getuid()))
        return [arg.replace("{uid}", str(uid)).replace("{nproc}", str(nproc)) for arg in self._argv]

    def _command(self, bwrap: str, layout: _Layout, executable: Path) -> list[str]:
        limits = self.limits
        prlimit = [
            shutil.which("prlimit") or "prlimit",
            f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}",  # SIGXCPU first, then SIGKILL
            f"--as={limits.memory_bytes}",
            "--nproc={nproc}",
            f"--fsize={limits.file_bytes}",
            f"--nofile={limits.open_files}",
            "--core=0",
            "--",
        ]
        if self.as_root:
            namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
            namespaces += ["--unshare-cgroup-try", "--cap-drop", "ALL"]
            for cap in ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"):
                namespaces += ["--cap-add", cap]
        else:
            namespaces = [
                "--unshare-all",
                "--unshare-user",
                "--disable-userns",
                "--cap-drop",
                "ALL",
            ]
        setpriv_path = shutil.which("setpriv") or "/usr/bin/setpriv"
        if self.as_root:
            layout.bind(Path(os.path.realpath(setpriv_path)))
            layout.bind(Path(os.path.realpath(bwrap)))
        # The tmpfs first: an interpreter or NumPy that lives under /tmp is bound on top of it.
        files = ["--perms", "1777", "--size", str(limits.tmpfs_bytes), "--tmpfs", "/tmp"]
        files += [*layout.args, "--proc", "/proc", "--dev", "/dev"]
        env = ["--clearenv", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8"]
        # One BLAS thread: threads count against the process limit and grow the address space.
        env += ["--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1"]
        session = ["--die-with-parent", "--new-session", "--chdir", "/tmp"]
        drop: list[str] = []
        if self.as_root:
            drop = [os.path.realpath(setpriv_path), "--reuid={uid}"]
            drop += ["--regid={uid}", "--clear-groups", "--inh-caps=-all"]
            drop += ["--bounding-set=-all", "--no-new-privs", "--"]
            # Then bwrap again, unprivileged: a user namespace of its own, mapped to nobody (so
            # the process limit still counts), in which no further user namespace can be made.
            drop += [os.path.realpath(bwrap), "--unshare-user", "--disable-userns"]
            drop += ["--uid", "{uid}", "--gid", "{uid}", "--dev-bind", "/", "/"]
            drop += ["--cap-drop", "ALL", "--die-with-parent", "--"]
        python = [str(executable), "-I", "-S", "-B", "-c"]
        return [*prlimit, bwrap, *namespaces, *files, *env, *session, *drop, *python]

    def run(self, program: Program) -> RunResult:
        """Run one program to its end, its time limit or its output limit."""
        nonce = secrets.token_hex(16)
        uid = self.uid_for_run()
        started = time.monotonic()
        process = subprocess.Popen(
            [*self._argv_for(uid), program.harness],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={},  # bwrap's own environment is readable inside as /proc/1/environ
            start_new_session=True,
            close_fds=True,
        )
        head = f"{nonce}\n{json.dumps(self.search_path)}\n".encode()
        stdout, stderr, timed_out, cut = _exchange(
            process, head + program.stdin, started, self.limits
        )
        if self.as_root:
            _reaped(uid, started + self.limits.wall_seconds + 1.0)
        return RunResult(
            nonce=nonce,
            exit_code=process.returncode,
            stdout=stdout,
            stderr=stderr,
            seconds=time.monotonic() - started,
            timed_out=timed_out,
            output_cut=cut,
            time_limit=self.limits.wall_seconds,
        )


def _reaped(uid: int, deadline: float) -> None:
    """Wait until no process of this run's uid is left (the kernel tears a PID namespace down
    after its init is reaped); SIGKILL any that outlive the deadline."""
    while left := _pids_of(uid):
        now = time.monotonic()
        if now > deadline + 2.0:
            log.error("sandbox uid %s still has processes %s after their kill", uid, left)
            return
        if now > deadline:
            for pid in left:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        time.sleep(0.005)  # a PID namespace's teardown takes milliseconds


def _pids_of(uid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(FileNotFoundError):
                if entry.stat(follow_symlinks=False).st_uid == uid:
                    found.append(int(entry.name))
    return found


def _tasks_of(uid: int) -> int:
    """Threads of every process of this uid (RLIMIT_NPROC counts threads)."""
    count = 0
    for pid in _pids_of(uid):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            count += len(os.listdir(f"/proc/{pid}/task"))
    return count


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The group is bwrap and its reaper; the sandbox's PID namespace dies with its first process.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _exchange(
    process: subprocess.Popen[bytes], data: bytes, started: float, limits: Limits
) -> tuple[bytes, bytes, bool, bool]:
    """Write stdin and read stdout/stderr with a deadline and a byte budget, then reap."""
    assert process.stdin and process.stdout and process.stderr
    chunks: dict[int, list[bytes]] = {process.stdout.fileno(): [], process.stderr.fileno(): []}
    budget = limits.output_bytes
    timed_out = cut = False
    pending = memoryview(data)
    with selectors.DefaultSelector() as selector:
        os.set_blocking(process.stdin.fileno(), False)
        selector.register(process.stdin, selectors.EVENT_WRITE)
        selector.register(process.stdout, selectors.EVENT_READ)
        selector.register(process.stderr, selectors.EVENT_READ)
        while selector.get_map():
            remaining = started + limits.wall_seconds - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            events = selector.select(remaining)
            for key, _ in events:
                if key.fileobj is process.stdin:
                    try:
                        written = os.write(key.fd, pending[:65536])
                    except BrokenPipeError:
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        selector.unregister(process.stdin)
                        process.stdin.close()
                    continue
                block = os.read(key.fd, 65536)
                if not block:
                    selector.unregister(key.fileobj)
                    continue
                chunks[key.fd].append(block[:budget])
                budget -= len(block)
                if budget <= 0:
                    cut = True
                    break
            if cut:
                break
    if timed_out or cut:
        _stop(process)
    try:
        process.wait(timeout=max(0.1, started + limits.wall_seconds - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        _stop(process)
        process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if not stream.closed:
            stream.close()
    out, err = (b"".join(chunks[f]) for f in chunks)
    return out, err, timed_out, cut


PROBE = Program(
    "import json, os, sys\nsys.stdin.readline()\nsys.path[:0] = json.loads(sys.stdin.readline())\n"
    "import numpy\nprint('sandbox-ok', os.getuid(), numpy.__version__)\n",
    b"",
)
"""Seen to work when it prints its marker, its uid (not 0) and the NumPy version it imported."""


@dataclass(frozen=True)
class Found:
    """The outcome of looking for a sandbox at start: a runner, or why there is none."""

    sandbox: Sandbox | None
    detail: str

    @property
    def on(self) -> bool:
        return self.sandbox is not None


PROBE_RETRIES = 3
TRANSIENT = b"Resource temporarily unavailable"


def find_sandbox(
    bwrap: str | None = None,
    limits: Limits | None = None,
    uid_for_run: Callable[[], int] | None = None,
) -> Found:
    """A sandbox that was seen to work on this host, or the reason code answers are off."""
    path = bwrap or shutil.which("bwrap")
    if not path or not os.access(path, os.X_OK):
        return Found(None, "bwrap is not installed (Debian: apt-get install bubblewrap)")
    for tool in ("prlimit", "setpriv"):
        if shutil.which(tool) is None:
            return Found(None, f"{tool} is not installed (util-linux)")
    sandbox = Sandbox(path, limits, uid_for_run)
    try:
        result = sandbox.run(PROBE)
        for attempt in range(1, PROBE_RETRIES + 1):
            if TRANSIENT not in result.stderr:
                break
            # A busy host can refuse a namespace for a moment (EAGAIN): that says nothing about
            # whether the sandbox works, so look again before turning code answers off.
            time.sleep(0.1 * attempt)
            result = sandbox.run(PROBE)
    except OSError as err:
        return Found(None, f"bwrap could not start: {err}")
    words = result.stdout.decode(errors="replace").split()
    if result.exit_code != 0 or not words or words[0] != "sandbox-ok":
        reason = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        return Found(None, f"bwrap does not work here: {reason[0][:200]}")
    if words[1] == "0":
        return Found(None, "the sandboxed code ran as root")
    return Found(sandbox, f"bubblewrap {path}, code runs as uid {words[1]}, NumPy {words[2]}")
