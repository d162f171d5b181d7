"""The start-up line operators and benchmarks wait for:

    ready: N channels, S schedules, R reveals pending in X s, M MB resident

Ready means the bank is loaded and the drill timetable is rebuilt from the database. X counts
from the start of the process (the interpreter included), M is its resident memory then.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)


def process_age() -> float | None:
    """Seconds since this process started, from /proc; None where /proc cannot say."""
    try:
        # Field 22 of /proc/self/stat is the start time in clock ticks since boot; the name in
        # field 2 may hold spaces, so count from the closing parenthesis.
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def resident_mb() -> float | None:
    """This process's resident memory (VmRSS) in MB; None where /proc cannot say."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def log_ready(channels: int, schedules: int, reveals: int) -> None:
    """The one ready line, with whatever of age and memory the system can tell."""
    age, rss = process_age(), resident_mb()
    log.info(
        "ready: %d channels, %d schedules, %d reveals pending%s%s",
        channels,
        schedules,
        reveals,
        "" if age is None else f" in {age:.2f} s",
        "" if rss is None else f", {rss:.0f} MB resident",
    )
