# The coach in a small image: python:3.11-slim, runtime dependencies only, a non-root user,
# the SQLite file on the /data volume (or DATABASE_URL=postgresql://…), /healthz for HEALTHCHECK.
# The base image is a build argument so a mirror can stand in for Docker Hub:
#   docker build --build-arg PYTHON_IMAGE=mirror.example/python:3.11-slim .
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
# The dependencies come from the lock file, each checked against its hash, so two builds install
# the same files; the project itself then goes in without resolving anything again.
COPY requirements.lock ./
RUN python -m venv /opt/coach \
    && /opt/coach/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
COPY handlers ./handlers
COPY storage ./storage
RUN /opt/coach/bin/pip install --no-cache-dir --no-deps .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/coach/bin:$PATH \
    DATABASE_URL=sqlite:////data/coach.db \
    SPOOL_FILE=/data/kept-events.jsonl \
    HEALTH_PORT=8080 \
    HEALTH_HOST=127.0.0.1 \
    LOG_FORMAT=json
# Code answers run in bubblewrap (bot/sandbox.py; prlimit and setpriv are in util-linux, already
# here). It also needs the compose service's security_opt (README, "Code answers in Docker");
# without them the bot starts with code answers off and says so. Debian's current bubblewrap.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 10001 coach \
    && useradd --create-home --uid 10001 --gid coach coach \
    && mkdir /data \
    && chown coach:coach /data
# The installed environment only: no wheel files left in any layer.
COPY --from=build /opt/coach /opt/coach
USER 10001:10001
WORKDIR /home/coach
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot.health"]
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
