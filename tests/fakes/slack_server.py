"""A fake Slack on loopback: the Web API methods the bot uses, rate limits, and Socket Mode.

The real slack_sdk/slack-bolt clients talk to it through a base URL, so tests exercise the
library exactly as production does. Every call is recorded for assertions; waiting helpers let
tests wait on conditions instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from handlers.clock import Clock, SystemClock
from tests.fakes.faults import Faults

WAIT_TIMEOUT = 5.0


@dataclass
class Call:
    """One Web API request as the fake received it."""

    method: str
    args: dict[str, Any]
    token: str
    team: str | None
    at: float = 0.0
    """The fake clock's time of the call (seconds since the epoch)."""
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    peer: Any = None
    """The client's (host, port): calls on one kept-alive connection share it."""


@dataclass
class User:
    id: str
    team_id: str
    name: str
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "real_name": self.name.title(),
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_bot": self.is_bot,
            "profile": {"display_name": self.name, "real_name": self.name.title()},
        }


@dataclass
class Team:
    id: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    name: str


@dataclass
class RateLimits:
    """Slack's documented pacing: chat.postMessage ~1/s per channel, plus a workspace cap."""

    per_channel_interval: float = 1.0
    workspace_per_minute: int = 600
    workspace_window: float = 60.0
    """The cap counts posts in any window this long (scaled: per_minute * window / 60); a short
    window holds a bot to an even pace instead of allowing a minute's posts in one burst."""


class FakeSlack:
    """An aiohttp server imitating slack.com/api/ and the Socket Mode websocket."""

    def __init__(
        self, clock: Clock | None = None, limits: RateLimits | None = None, latency: float = 0.0
    ) -> None:
        self.clock = clock or SystemClock()
        self.limits = limits or RateLimits()
        self.latency = latency
        """Seconds added to every Web API response (a round trip to Slack), after it is counted."""
        self.app_token = "xapp-1-fake"
        self.app_id = "AFAKE"
        self.teams: dict[str, Team] = {}
        self.users: dict[str, User] = {}
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.uploads: dict[str, bytes] = {}
        """Bytes received at each file's upload URL (files_upload_v2's second step)."""
        self.files: dict[str, dict[str, Any]] = {}
        """Files announced by files.getUploadURLExternal and shared by completeUploadExternal."""
        self.forced_failures: dict[str, list[tuple[int, int]]] = {}
        self.faults = Faults()
        """5xx answers, held answers and dropped connections to inject (tests.fakes.faults)."""
        self.acks: dict[str, dict[str, Any]] = {}
        self.sockets: list[web.WebSocketResponse] = []
        self._last_post: dict[tuple[str, str], float] = {}
        self._team_posts: dict[str, list[float]] = {}
        self._ts = itertools.count(1)
        self._envelopes = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.files: dict[str, dict[str, Any]] = {}
        """Files people shared, by id: their team, bytes and files.info JSON."""
        self.downloads: list[tuple[str, str]] = []
        """(file id, bearer token) of every download of a shared file."""
        self.add_team("T1", "xoxb-1-fake", name="Team One")

    # --- set-up -------------------------------------------------------------------------

    def add_team(self, team_id: str, bot_token: str, name: str = "") -> Team:
        """Register a workspace and its bot token."""
        n = len(self.teams) + 1
        team = Team(team_id, bot_token, f"UBOT{n}", f"BBOT{n}", name or team_id)
        self.teams[team_id] = team
        bot = User(team.bot_user_id, team_id, "coach", is_bot=True)
        self.users[bot.id] = bot
        return team

    def add_user(self, user_id: str, name: str, team_id: str = "T1", **flags: bool) -> User:
        """Register a workspace member (flags: is_admin, is_owner, is_bot)."""
        user = User(user_id, team_id, name, **flags)
        self.users[user_id] = user
        return user

    def fail_next(
        self, method: str, retry_after: int = 1, times: int = 1, status: int = 429
    ) -> None:
        """Answer the next `times` calls of `method` with an error status and Retry-After."""
        self.forced_failures.setdefault(method, []).extend([(status, retry_after)] * times)

    async def start(self) -> str:
        """Serve on 127.0.0.1 at a free port; returns the Web API base URL."""
        app = web.Application()
        app.router.add_get("/socket-mode", self._socket)
        app.router.add_get("/files-pri/{file_id}/{name}", self._download)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.base_url

    async def stop(self) -> None:
        self.faults.release.set()
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    # --- assertions and waiting ---------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls of one method, in order (rate-limited ones included)."""
        return [c for c in self.calls if c.method == method]

    def ok_calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.status == 200]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = WAIT_TIMEOUT) -> Any:
        """Wait until predicate() is truthy (re-checked after every call/ack); returns its value."""

        async def until() -> Any:
            async with self._changed:
                while not (value := predicate()):
                    await self._changed.wait()
                return value

        return await asyncio.wait_for(until(), timeout)

    async def wait_for_call(
        self, method: str, where: Callable[[Call], bool] = lambda c: True, count: int = 1
    ) -> list[Call]:
        """Wait for `count` successful calls of `method` matching `where`."""

        def matching() -> list[Call] | None:
            found = [c for c in self.ok_calls_to(method) if where(c)]
            return found if len(found) >= count else None

        return await self.wait_for(matching)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- Socket Mode --------------------------------------------------------------------

    async def send_envelope(
        self, kind: str, payload: dict[str, Any], retry_attempt: int = 0, envelope_id: str = ""
    ) -> str:
        """Push an events_api / slash_commands / interactive envelope to the connected app."""
        envelope_id = envelope_id or f"env-{next(self._envelopes)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        await self.wait_for(lambda: self.sockets)
        await self.sockets[-1].send_str(json.dumps(envelope))
        return envelope_id

    async def wait_ack(self, envelope_id: str) -> dict[str, Any]:
        """The app's acknowledgement of an envelope, once it arrives."""
        return await self.wait_for(lambda: self.acks.get(envelope_id))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        hello = {
            "type": "hello",
            "num_connections": len(self.sockets),
            "connection_info": {"app_id": self.app_id},
            "debug_info": {"host": "fake", "approximate_connection_time": 3600},
        }
        await ws.send_str(json.dumps(hello))
        await self._notify()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                ack = json.loads(msg.data)
                self.acks[ack.get("envelope_id", "")] = ack
                await self._notify()
        self.sockets.remove(ws)
        return ws

    # --- Web API ------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await _request_args(request)
        rule = self.faults.take(request.method, method)
        if rule is not None:
            failed = {"ok": False, "error": "internal_error"}
            act = lambda: self._answer(request, method, args)  # noqa: E731
            return await self.faults.apply(rule, request, method, act, failed)
        return await self._answer(request, method, args)

    async def _answer(
        self, request: web.Request, method: str, args: dict[str, Any]
    ) -> web.Response:
        token = _bearer(request) or str(args.pop("token", ""))
        team = self._team_for(method, token)
        call = Call(method, args, token, team.id if team else None, self.clock.now().timestamp())
        call.peer = request.transport.get_extra_info("peername") if request.transport else None
        self.calls.append(call)
        status, body, headers = self._respond(call, team)
        call.status, call.response = status, body
        await self._notify()
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.json_response(body, status=status, headers=headers)

    def _team_for(self, method: str, token: str) -> Team | None:
        return next((t for t in self.teams.values() if t.bot_token == token), None)

    def _respond(self, call: Call, team: Team | None) -> tuple[int, dict[str, Any], dict[str, str]]:
        if call.method == "apps.connections.open":
            if call.token != self.app_token:
                return 200, {"ok": False, "error": "invalid_auth"}, {}
            url = f"ws://127.0.0.1:{self.port}/socket-mode?ticket=fake"
            return 200, {"ok": True, "url": url}, {}
        if team is None:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        forced = self.forced_failures.get(call.method)
        if forced:
            status, retry_after = forced.pop(0)
            error = "ratelimited" if status == 429 else "access_denied"
            return status, {"ok": False, "error": error}, {"Retry-After": str(retry_after)}
        if call.method == "chat.postMessage":
            wait = self._post_wait(team.id, str(call.args.get("channel", "")))
            if wait:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)}
        handler = getattr(self, "_m_" + call.method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return 200, handler(call, team), {}

    def _post_wait(self, team_id: str, channel: str) -> int:
        """Seconds to wait before this post is allowed (0: allowed, and counted)."""
        now = self.clock.now().timestamp()
        last = self._last_post.get((team_id, channel))
        if last is not None and now - last < self.limits.per_channel_interval:
            return max(1, round(self.limits.per_channel_interval - (now - last)))
        span = self.limits.workspace_window
        window = [t for t in self._team_posts.get(team_id, []) if now - t < span]
        if len(window) >= self.limits.workspace_per_minute * span / 60:
            return max(1, round(span - (now - window[0])))
        self._last_post[(team_id, channel)] = now
        self._team_posts[team_id] = [*window, now]
        return 0

    def _next_ts(self) -> str:
        """A unique ts whose seconds follow the fake's clock, as Slack's do."""
        return f"{int(self.clock.now().timestamp())}.{next(self._ts):06d}"

    def _m_auth_test(self, call: Call, team: Team) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{team.id.lower()}.slack.com/",
            "team": team.name,
            "team_id": team.id,
            "user": "coach",
            "user_id": team.bot_user_id,
            "bot_id": team.bot_id,
            "is_enterprise_install": False,
        }

    def _m_team_info(self, call: Call, team: Team) -> dict[str, Any]:
        return {"ok": True, "team": {"id": team.id, "name": team.name, "domain": team.id.lower()}}

    def add_file(self, team_id: str, name: str, data: bytes) -> dict[str, Any]:
        """A file someone shared in the workspace; returns its JSON as events carry it."""
        file_id = f"F{len(self.files) + 1:08d}"
        url = f"http://127.0.0.1:{self.port}/files-pri/{file_id}/{name}"
        info = {"id": file_id, "name": name, "size": len(data), "mimetype": "application/x-yaml"}
        info.update(url_private=url, url_private_download=url + "?download=1")
        self.files[file_id] = {"team": team_id, "data": data, "json": info}
        return dict(info)

    async def _download(self, request: web.Request) -> web.StreamResponse:
        file_id, token = request.match_info["file_id"], _bearer(request)
        self.downloads.append((file_id, token))
        file = self.files.get(file_id)
        team = self.teams.get(file["team"]) if file else None
        if file is None or team is None or team.bot_token != token:
            return web.Response(status=403, text="not allowed")
        return web.Response(body=file["data"], content_type="application/octet-stream")

    def _m_files_info(self, call: Call, team: Team) -> dict[str, Any]:
        file = self.files.get(str(call.args.get("file", "")))
        if file is None or file["team"] != team.id:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": file["json"]}

    def _m_users_info(self, call: Call, team: Team) -> dict[str, Any]:
        user = self.users.get(str(call.args.get("user", "")))
        if user is None or user.team_id != team.id:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user.as_json()}

    def _m_chat_postMessage(self, call: Call, team: Team) -> dict[str, Any]:
        channel = str(call.args.get("channel", ""))
        message = {
            "type": "message",
            "user": team.bot_user_id,
            "bot_id": team.bot_id,
            "team": team.id,
            "ts": self._next_ts(),
            "text": call.args.get("text", ""),
            "blocks": _as_list(call.args.get("blocks")),
        }
        if call.args.get("thread_ts"):
            message["thread_ts"] = call.args["thread_ts"]
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _m_chat_postEphemeral(self, call: Call, team: Team) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._next_ts()}

    def _m_chat_update(self, call: Call, team: Team) -> dict[str, Any]:
        channel, ts = str(call.args.get("channel", "")), str(call.args.get("ts", ""))
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                message["text"] = call.args.get("text", message["text"])
                message["blocks"] = _as_list(call.args.get("blocks")) or message["blocks"]
                return {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}
        return {"ok": False, "error": "message_not_found"}

    def _m_reactions_add(self, call: Call, team: Team) -> dict[str, Any]:
        return {"ok": True}

    def _m_views_open(self, call: Call, team: Team) -> dict[str, Any]:
        view = call.args.get("view")
        view = json.loads(view) if isinstance(view, str) else dict(view or {})
        return {"ok": True, "view": {**view, "id": f"V{next(self._ts)}", "team_id": team.id}}

    def _m_conversations_replies(self, call: Call, team: Team) -> dict[str, Any]:
        channel, ts = str(call.args.get("channel", "")), str(call.args.get("ts", ""))
        thread = [
            m for m in self.messages.get(channel, []) if m["ts"] == ts or m.get("thread_ts") == ts
        ]
        thread = _since(thread, call.args)
        return {"ok": True, "messages": thread, "has_more": False, "response_metadata": {}}

    def _m_conversations_open(self, call: Call, team: Team) -> dict[str, Any]:
        users = str(call.args.get("users", ""))
        if "," in users or users not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": f"D{users}"}}

    def _m_files_getUploadURLExternal(self, call: Call, team: Team) -> dict[str, Any]:
        file_id = f"F{next(self._ts)}"
        self.files[file_id] = {
            "id": file_id,
            "team": team.id,
            "filename": call.args.get("filename"),
            "length": int(call.args.get("length") or 0),
            "alt_txt": call.args.get("alt_txt"),
        }
        url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
        return {"ok": True, "upload_url": url, "file_id": file_id}

    def _m_files_completeUploadExternal(self, call: Call, team: Team) -> dict[str, Any]:
        files = call.args.get("files")
        files = json.loads(files) if isinstance(files, str) else list(files or [])
        shared = []
        for item in files:
            known = self.files.get(str(item.get("id")))
            if known is None or known["id"] not in self.uploads:
                return {"ok": False, "error": "file_not_found"}
            known.update(title=item.get("title"), channel=call.args.get("channel_id"))
            shared.append({"id": known["id"], "title": known["title"]})
        return {"ok": True, "files": shared}

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self.files:
            return web.Response(status=404, text="unknown upload")
        self.uploads[file_id] = await request.read()
        return web.Response(status=200, text=f"OK - {len(self.uploads[file_id])}")

    def _m_conversations_history(self, call: Call, team: Team) -> dict[str, Any]:
        top = [m for m in self.messages.get(str(call.args.get("channel", "")), [])]
        top = [m for m in top if "thread_ts" not in m or m["thread_ts"] == m["ts"]]
        newest_first = list(reversed(_since(top, call.args)))
        limit = int(call.args.get("limit") or 100)
        return {"ok": True, "messages": newest_first[:limit], "has_more": False}


def _since(messages: list[dict[str, Any]], args: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages after `oldest` (a ts, exclusive), as Slack filters history and replies."""
    oldest = args.get("oldest")
    return [m for m in messages if oldest is None or float(m["ts"]) > float(oldest)]


async def _request_args(request: web.Request) -> dict[str, Any]:
    """Arguments from the query string, a JSON body or a form body, whichever the SDK used."""
    args: dict[str, Any] = dict(request.query)
    raw = await request.read()
    if not raw:
        return args
    if request.content_type == "application/json":
        args.update(json.loads(raw))
    else:
        args.update(parse_qsl(raw.decode()))
    return args


def _bearer(request: web.Request) -> str:
    auth = request.headers.get("Authorization", "")
    return auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""


def _as_list(blocks: Any) -> list[Any]:
    if isinstance(blocks, str):
        return list(json.loads(blocks))
    return list(blocks or [])
