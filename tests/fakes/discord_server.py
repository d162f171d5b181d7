"""A fake Discord on loopback: the REST routes and gateway websocket the bot uses, with real 429s.

Tests run the real discord.py client against it by pointing `discord.http.Route.BASE` at
`api_base` and the gateway at `gateway_url`. The fake keeps a small world (guilds, channels,
threads, members, messages), records every request, lets tests play users (messages, slash
commands, button presses, modal submits) and waits on conditions instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import BodyPartReader, WSMsgType, web

from tests.fakes.faults import Faults

EPOCH_MS = 1420070400000
VIA = "1.1 google"
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
EVERYONE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 6) | (1 << 16)  # view, send, react, history
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | (1 << 13) | (1 << 35) | (1 << 38) | (1 << 14) | (1 << 34)
SNOWFLAKE = re.compile(r"/\d{5,}")


@dataclass
class Recorded:
    """One REST request the bot made, with the status the fake answered."""

    method: str
    path: str
    body: Any
    status: int
    at: float


@dataclass
class Window:
    """A fixed-window request counter: `limit` requests per `period` seconds."""

    limit: int
    period: float
    start: float = 0.0
    used: int = 0

    def take(self, now: float) -> tuple[bool, int, float]:
        """Count one request; return (allowed, remaining, seconds until reset)."""
        if now >= self.start + self.period:
            self.start, self.used = now, 0
        reset_after = self.start + self.period - now
        if self.used >= self.limit:
            return False, 0, reset_after
        self.used += 1
        return True, self.limit - self.used, reset_after


@dataclass
class Injected:
    """A forced failure for the next `times` requests whose path matches."""

    method: str
    pattern: str
    status: int
    times: int
    retry_after: float = 0.05


@dataclass
class Upload:
    """A file attached to a request, with the JSON payload it came with."""

    path: str
    filename: str
    data: bytes
    payload: dict


@dataclass
class Interaction:
    """An interaction the fake sent, and every response the bot made to it."""

    id: str
    token: str
    payload: dict
    callbacks: list[dict] = field(default_factory=list)
    followups: list[dict] = field(default_factory=list)
    edits: list[dict] = field(default_factory=list)
    answered_at: float | None = None
    sent_at: float = 0.0

    @property
    def messages(self) -> list[dict]:
        """Every message body the user saw: callback data, edits of the original, followups."""
        found = [c.get("data") or {} for c in self.callbacks if c.get("type") in (4, 7)]
        return found + self.edits + self.followups

    @property
    def texts(self) -> str:
        """All text the user saw, content and embed descriptions, joined."""
        parts: list[str] = []
        for body in self.messages:
            parts.append(body.get("content") or "")
            parts.extend(e.get("description", "") for e in body.get("embeds") or [])
        return "\n".join(p for p in parts if p)


class FakeDiscord:
    """Discord's REST API and gateway, on 127.0.0.1, for one bot application."""

    def __init__(
        self,
        *,
        channel_limit: tuple[int, float] = (5, 0.5),
        global_limit: tuple[int, float] = (50, 1.0),
        token: str = "fake-token",
        latency: float = 0.0,
        shards: int = 1,
        max_concurrency: int = 1,
    ) -> None:
        self.token = token
        self.recommended_shards = shards
        """What /gateway/bot recommends (a bot without DISCORD_SHARD_COUNT runs that many)."""
        self.max_concurrency = max_concurrency
        """How many shards may IDENTIFY at once, as /gateway/bot's session_start_limit says."""
        self.identified: list[tuple[int, int]] = []
        """(shard id, shard count) of every IDENTIFY, in order."""
        self._shard_sockets: dict[int, web.WebSocketResponse] = {}
        self.latency = latency
        """Seconds added to every REST response (a round trip to Discord), after it is counted."""
        self._ids = itertools.count(1)
        self.app_id = self.snowflake()
        self.bot_user = self.user_payload(self.app_id, "coach-bot", bot=True)
        self.guilds: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self.messages: dict[str, list[dict]] = {}
        self.reactions: list[tuple[str, str, str]] = []
        self.commands: dict[str | None, list[dict]] = {}
        self.interactions: dict[str, Interaction] = {}
        self.uploads: list[Upload] = []
        """Files the bot attached (multipart requests), in the order they came."""
        self.dms: list[dict] = []
        self.requests: list[Recorded] = []
        self.injected: list[Injected] = []
        self.broken_channels: dict[str, int] = {}
        self.faults = Faults()
        """5xx answers, held answers and dropped connections to inject (tests.fakes.faults)."""
        self._nonces: dict[tuple[str, str], dict] = {}
        self.identify_count = 0
        self.resume_count = 0
        self._channel_limit = channel_limit
        self._global = Window(*global_limit)
        self._windows: dict[str, Window] = {}
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._session = ""
        self._changed = asyncio.Condition()
        self.gateway_open = asyncio.Event()
        self.gateway_waiting = 0
        """Connections held by a closed gateway (the bot trying to reconnect)."""
        self.gateway_refuses = False
        """Answer 503 to every gateway connection (Discord down): discord.py backs off."""
        self.gateway_refused = 0
        self.gateway_open.set()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.attachments: dict[str, bytes] = {}
        """Files members attached to slash commands, by attachment id."""

    # ----- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on an ephemeral loopback port."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{name}", self._get_attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        """Stop serving and drop the gateway connection."""
        self.faults.release.set()
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ----- the world -------------------------------------------------------------------------

    def snowflake(self) -> str:
        """A fresh id whose timestamp part is now, as Discord's are."""
        ms = int(time.time() * 1000) - EPOCH_MS
        return str((ms << 22) + next(self._ids))

    @staticmethod
    def user_payload(user_id: str, name: str, *, bot: bool = False) -> dict:
        return {
            "id": user_id,
            "username": name,
            "global_name": name,
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
        }

    def add_guild(self, name: str = "Study Group", guild_id: str | None = None) -> str:
        """A guild with an @everyone role, the bot as a member and one owner."""
        guild_id = guild_id or self.snowflake()
        owner = self.snowflake()
        self.guilds[guild_id] = {
            "id": guild_id,
            "name": name,
            "owner_id": owner,
            "roles": [
                {"id": guild_id, "name": "@everyone", "permissions": str(EVERYONE_PERMISSIONS)}
            ],
            "members": {},
            "channels": [],
        }
        self.add_member(guild_id, owner, "owner")
        bot_role = self.add_role(guild_id, "coach-bot", BOT_PERMISSIONS)
        self.guilds[guild_id]["members"][self.app_id] = self._member(self.bot_user, [bot_role])
        return guild_id

    def add_role(self, guild_id: str, name: str, permissions: int = 0) -> str:
        role_id = self.snowflake()
        self.guilds[guild_id]["roles"].append(
            {"id": role_id, "name": name, "permissions": str(permissions), "position": 1}
        )
        return role_id

    def add_member(self, guild_id: str, user_id: str, name: str, roles: list[str] = ()) -> dict:  # type: ignore[assignment]
        member = self._member(self.user_payload(user_id, name), list(roles))
        self.guilds[guild_id]["members"][user_id] = member
        return member

    @staticmethod
    def _member(user: dict, roles: list[str]) -> dict:
        return {
            "user": user,
            "roles": roles,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }

    def add_channel(self, guild_id: str, name: str = "ml-drills") -> str:
        channel_id = self.snowflake()
        channel = {
            "id": channel_id,
            "type": 0,
            "guild_id": guild_id,
            "name": name,
            "position": len(self.guilds[guild_id]["channels"]),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }
        self.channels[channel_id] = channel
        self.messages[channel_id] = []
        self.guilds[guild_id]["channels"].append(channel)
        return channel_id

    def break_channel(self, channel_id: str, status: int = 403) -> None:
        """Make every request to this channel fail (403: missing access, 404: deleted)."""
        self.broken_channels[channel_id] = status

    def inject(
        self, method: str, pattern: str, status: int = 429, times: int = 1, **kw: Any
    ) -> None:
        """Fail the next `times` requests matching `pattern` (a regex on the path)."""
        self.injected.append(Injected(method, pattern, status, times, **kw))

    def permissions_of(self, guild_id: str, user_id: str) -> int:
        guild = self.guilds[guild_id]
        roles = {r["id"]: int(r["permissions"]) for r in guild["roles"]}
        value = roles[guild_id]
        for role_id in guild["members"][user_id]["roles"]:
            value |= roles.get(role_id, 0)
        if guild["owner_id"] == user_id or value & ADMINISTRATOR:
            return (1 << 53) - 1
        return value

    def _guild_create(self, guild_id: str) -> dict:
        guild = self.guilds[guild_id]
        threads = [
            c for c in self.channels.values() if c["guild_id"] == guild_id and c["type"] == 11
        ]
        return {
            **{k: v for k, v in guild.items() if k != "members"},
            "members": list(guild["members"].values()),
            "member_count": len(guild["members"]),
            "threads": threads,
            "unavailable": False,
            "large": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
        }

    def _message(self, channel_id: str, author: dict, body: dict) -> dict:
        channel = self.channels[channel_id]
        message = {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "guild_id": channel["guild_id"],
            "author": author,
            "content": body.get("content") or "",
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "allowed_mentions": body.get("allowed_mentions"),
            "pinned": False,
            "type": 0,
            "flags": body.get("flags", 0),
        }
        self.messages[channel_id].append(message)
        channel["last_message_id"] = message["id"]
        return message

    # ----- what tests inspect ---------------------------------------------------------------

    def bot_messages(self, channel_id: str) -> list[dict]:
        return [m for m in self.messages.get(channel_id, []) if m["author"]["id"] == self.app_id]

    def threads_of(self, channel_id: str) -> list[dict]:
        return [c for c in self.channels.values() if c.get("parent_id") == channel_id]

    def reactions_on(self, message_id: str) -> list[str]:
        return [emoji for (_, mid, emoji) in self.reactions if mid == message_id]

    def statuses(self, pattern: str = "") -> list[int]:
        return [r.status for r in self.requests if re.search(pattern, r.path)]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until `predicate()` is truthy (re-checked on every change the fake sees)."""
        async with self._changed:
            return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def _touch(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # ----- playing users ---------------------------------------------------------------------

    async def user_says(
        self, channel_id: str, user_id: str, content: str, reply_to: dict | None = None
    ) -> dict:
        """A member posts a message (a reply to `reply_to` when given): stored, and dispatched
        if the bot is connected. `<@id>` in the content mentions that member, as on Discord."""
        guild_id = self.channels[channel_id]["guild_id"]
        members = self.guilds[guild_id]["members"]
        member = members[user_id]
        message = self._message(channel_id, member["user"], {"content": content})
        message["member"] = {k: v for k, v in member.items() if k != "user"}
        message["mention_everyone"] = "@everyone" in content or "@here" in content
        mentioned = re.findall(r"<@!?(\d+)>", content)
        message["mentions"] = [members[m]["user"] for m in mentioned if m in members]
        if reply_to is not None:
            message["type"] = 19  # a reply
            message["message_reference"] = {
                "message_id": reply_to["id"],
                "channel_id": reply_to["channel_id"],
                "guild_id": guild_id,
            }
            message["referenced_message"] = reply_to
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    async def user_edits(self, message: dict, content: str) -> dict:
        """The author edits a message they posted: MESSAGE_UPDATE with the new content."""
        message["content"] = content
        message["edited_timestamp"] = datetime.now(UTC).isoformat()
        await self.dispatch("MESSAGE_UPDATE", dict(message))
        return message

    async def slash(
        self, channel_id: str, user_id: str, sub: str, *, focused: str | None = None, **options: Any
    ) -> Interaction:
        """A member runs `/coach <sub> key=value ...` (or types into an autocomplete option)."""
        opts = [
            {
                "name": k,
                "type": _option_type(v),
                "value": v,
                **({"focused": True} if k == focused else {}),
            }
            for k, v in options.items()
        ]
        data = {
            "id": self.snowflake(),
            "name": "coach",
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": opts}],
        }
        return await self._interact(4 if focused else 2, channel_id, user_id, data)

    async def slash_with_file(
        self, channel_id: str, user_id: str, sub: str, file: tuple[str, bytes], **options: Any
    ) -> Interaction:
        """`/coach <sub>` with a file in its attachment option `file` (served from the CDN)."""
        name, data = file
        attachment_id = self.snowflake()
        self.attachments[attachment_id] = data
        opts = [{"name": k, "type": _option_type(v), "value": v} for k, v in options.items()]
        opts.append({"name": "file", "type": 11, "value": attachment_id})
        resolved = {
            "id": attachment_id,
            "filename": name,
            "size": len(data),
            "url": f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{name}",
            "proxy_url": f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{name}",
            "content_type": "application/x-yaml",
        }
        data_ = {
            "id": self.snowflake(),
            "name": "coach",
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": opts}],
            "resolved": {"attachments": {attachment_id: resolved}},
        }
        return await self._interact(2, channel_id, user_id, data_)

    async def _get_attachment(self, request: web.Request) -> web.StreamResponse:
        data = self.attachments.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def press(self, message: dict, custom_id: str, user_id: str) -> Interaction:
        """A member presses a button under a message."""
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interact(3, message["channel_id"], user_id, data, message=message)

    async def submit_modal(
        self, modal: dict, user_id: str, channel_id: str, text: str
    ) -> Interaction:
        """A member types `text` into every text input of a modal the bot opened, and submits."""

        def filled(component: dict) -> dict:
            if component["type"] == 1:
                return {"type": 1, "components": [filled(c) for c in component["components"]]}
            if component["type"] == 18:
                return {"type": 18, "component": filled(component["component"])}
            return {"type": component["type"], "custom_id": component["custom_id"], "value": text}

        data = {
            "custom_id": modal["custom_id"],
            "components": [filled(c) for c in modal["components"]],
        }
        return await self._interact(5, channel_id, user_id, data)

    async def _interact(
        self, kind: int, channel_id: str, user_id: str, data: dict, message: dict | None = None
    ) -> Interaction:
        channel = self.channels[channel_id]
        guild_id = channel["guild_id"]
        member = dict(self.guilds[guild_id]["members"][user_id])
        member["permissions"] = str(self.permissions_of(guild_id, user_id))
        interaction_id = self.snowflake()
        payload = {
            "id": interaction_id,
            "application_id": self.app_id,
            "type": kind,
            "data": data,
            "guild_id": guild_id,
            "guild": {"id": guild_id, "locale": "en-US", "features": []},
            "channel_id": channel_id,
            "channel": channel,
            "member": member,
            "token": f"itoken{interaction_id}",
            "version": 1,
            "app_permissions": str(BOT_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild_id},
            "context": 0,
            "attachment_size_limit": 26214400,
        }
        if message is not None:
            payload["message"] = message
        record = Interaction(interaction_id, payload["token"], payload, sent_at=time.monotonic())
        self.interactions[interaction_id] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    # ----- gateway ---------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed

    def shard_of(self, guild_id: str, shard_count: int) -> int:
        """The shard Discord routes a guild to."""
        return (int(guild_id) >> 22) % shard_count

    def guild_on_shard(self, shard_id: int, shard_count: int, name: str = "Study Group") -> str:
        """A guild whose id puts it on the given shard: its timestamp part moved forward to the
        next millisecond that shard takes (the counter part keeps every id unique)."""
        ms = int(time.time() * 1000) - EPOCH_MS
        ms += (shard_id - ms) % shard_count
        return self.add_guild(name, guild_id=str((ms << 22) + next(self._ids)))

    def _socket_for(self, data: dict) -> web.WebSocketResponse | None:
        """The connection of the shard a guild's event belongs to (the only one, unsharded)."""
        guild_id = data.get("guild_id")
        if guild_id and len(self.identified) > 0 and self.identified[-1][1] > 1:
            count = self.identified[-1][1]
            return self._shard_sockets.get(self.shard_of(guild_id, count))
        return self._ws

    async def dispatch(
        self, event: str, data: dict, ws: web.WebSocketResponse | None = None
    ) -> None:
        """Send a DISPATCH to the bot's connection (of the guild's shard when sharded); events
        while disconnected are lost."""
        target = ws or self._socket_for(data)
        if target is None or target.closed:
            return
        self._seq += 1
        await target.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def drop_connection(self, *, resumable: bool = False) -> None:
        """Close the gateway socket; a resume attempt is refused unless `resumable`."""
        self._resumable = resumable
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close(code=4000)
        await self._touch()

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        if self.gateway_refuses:
            self.gateway_refused += 1
            await self._touch()
            return web.Response(status=503)  # type: ignore[return-value]
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.gateway_waiting += 1
        await self._touch()
        await self.gateway_open.wait()  # a test holds new connections to simulate an outage
        self.gateway_waiting -= 1
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            await self._on_gateway_op(ws, json.loads(msg.data))
        if self._ws is ws:
            self._ws = None
        for shard_id, socket in list(self._shard_sockets.items()):
            if socket is ws:
                del self._shard_sockets[shard_id]
        await self._touch()
        return ws

    async def _on_gateway_op(self, ws: web.WebSocketResponse, packet: dict) -> None:
        op = packet["op"]
        if op == 1:
            await ws.send_str(json.dumps({"op": 11}))
        elif op == 2:
            await self._identify(ws, packet["d"])
        elif op == 6:
            await self._resume(ws)
        await self._touch()

    async def _identify(self, ws: web.WebSocketResponse, data: dict) -> None:
        if data.get("token") != self.token:
            await ws.close(code=4004)
            return
        self.identify_count += 1
        self.intents = data.get("intents", 0)
        shard_id, shard_count = data.get("shard") or (0, 1)
        self.identified.append((shard_id, shard_count))
        self._shard_sockets[shard_id] = ws
        guilds = [g for g in self.guilds if self.shard_of(g, shard_count) == shard_id]
        self._session = f"session-{self.identify_count}"
        self._seq = 0
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": g, "unavailable": True} for g in guilds],
            "shard": [shard_id, shard_count],
            "session_id": self._session,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": self.app_id, "flags": 0},
        }
        await self.dispatch("READY", ready, ws)
        for guild_id in guilds:
            await self.dispatch("GUILD_CREATE", self._guild_create(guild_id), ws)

    async def _resume(self, ws: web.WebSocketResponse) -> None:
        self.resume_count += 1
        if getattr(self, "_resumable", False):
            await self.dispatch("RESUMED", {})
        else:
            await ws.send_str(json.dumps({"op": 9, "d": False}))

    # ----- REST ------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        if not request.path.startswith("/api/"):
            return await handler(request)
        body = await _json_body(request)
        path = request.path.removeprefix("/api/v10")
        rule = self.faults.take(request.method, path)
        if rule is not None:
            act = lambda: self._limited(request, path, body, handler)  # noqa: E731
            failed = {"message": "injected fault", "code": 0}
            return await self.faults.apply(rule, request, path, act, failed)
        response = await self._limited(request, path, body, handler)
        self.requests.append(
            Recorded(request.method, path, body, response.status, time.monotonic())
        )
        await self._touch()
        if self.latency:
            await asyncio.sleep(self.latency)
        return response

    async def _limited(
        self, request: web.Request, path: str, body: Any, handler: Callable
    ) -> web.StreamResponse:
        """Apply injected failures, broken channels and rate limits before the route runs."""
        forced = self._take_injected(request.method, path)
        if forced is not None:
            return forced
        broken = re.match(r"/channels/(\d+)", path)
        if broken and broken.group(1) in self.broken_channels:
            status = self.broken_channels[broken.group(1)]
            return _json({"message": "Missing Access", "code": 50001}, status)
        exempt = path.startswith(("/interactions/", "/webhooks/"))
        now = time.monotonic()
        if not exempt:
            allowed, _, reset_after = self._global.take(now)
            if not allowed:
                return _too_many(reset_after, scope="global")
        bucket = self._bucket(request.method, path)
        if bucket is None:
            return await handler(request)
        window = self._windows.setdefault(bucket, Window(*self._channel_limit))
        allowed, remaining, reset_after = window.take(now)
        if not allowed:
            return _too_many(reset_after, scope="user", bucket=bucket)
        request["body"] = body
        response = await handler(request)
        response.headers.update(_ratelimit_headers(window.limit, remaining, reset_after, bucket))
        return response

    def _take_injected(self, method: str, path: str) -> web.Response | None:
        for item in self.injected:
            if item.times > 0 and item.method == method and re.search(item.pattern, path):
                item.times -= 1
                if item.status == 429:
                    return _too_many(item.retry_after, scope="user", bucket="injected")
                return _json({"message": "injected failure", "code": 0}, item.status)
        return None

    @staticmethod
    def _bucket(method: str, path: str) -> str | None:
        """Per-channel buckets, keyed like Discord's: the route with its major parameter."""
        match = re.match(r"/channels/(\d+)", path)
        if not match:
            return None
        route = SNOWFLAKE.sub("/{id}", path[match.end() :])
        return f"{method} {route} @{match.group(1)}"

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await _json_body(request)
        for filename, data in request.get("files", ()):
            self.uploads.append(Upload(path, filename, data, body or {}))
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if match and method == request.method:
                return await handler(request, body, *match.groups())
        return _json({"message": f"404: no fake route {request.method} {path}", "code": 0}, 404)

    def _routes(self) -> list[tuple[str, str, Callable]]:
        return [
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/gateway", self._get_gateway_bot),
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/applications/@me", self._get_application),
            ("PUT", r"/applications/(\d+)/commands", self._put_commands),
            ("PUT", r"/applications/(\d+)/guilds/(\d+)/commands", self._put_guild_commands),
            ("GET", r"/applications/(\d+)/commands", self._get_commands),
            ("POST", r"/channels/(\d+)/messages", self._post_message),
            ("GET", r"/channels/(\d+)/messages", self._get_messages),
            ("POST", r"/channels/(\d+)/messages/(\d+)/threads", self._post_thread),
            ("PUT", r"/channels/(\d+)/messages/(\d+)/reactions/([^/]+)/@me", self._put_reaction),
            ("GET", r"/channels/(\d+)", self._get_channel),
            ("GET", r"/guilds/(\d+)", self._get_guild),
            ("GET", r"/guilds/(\d+)/members/(\d+)", self._get_member),
            ("GET", r"/guilds/(\d+)/roles", self._get_roles),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("GET", r"/users/(\d+)", self._get_user),
            ("POST", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("POST", r"/webhooks/(\d+)/([^/]+)", self._followup),
            ("PATCH", r"/webhooks/(\d+)/([^/]+)/messages/@original", self._edit_original),
            ("GET", r"/webhooks/(\d+)/([^/]+)/messages/@original", self._get_original),
        ]

    async def _get_gateway_bot(self, request: web.Request, body: Any) -> web.Response:
        limit = {
            "total": 1000,
            "remaining": 999,
            "reset_after": 0,
            "max_concurrency": self.max_concurrency,
        }
        return _json(
            {
                "url": self.gateway_url,
                "shards": self.recommended_shards,
                "session_start_limit": limit,
            }
        )

    async def _get_me(self, request: web.Request, body: Any) -> web.Response:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, 401)
        return _json(self.bot_user)

    async def _get_application(self, request: web.Request, body: Any) -> web.Response:
        return _json(
            {
                "id": self.app_id,
                "name": "coach-bot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.user_payload(self.snowflake(), "maintainer"),
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    def _stored_commands(self, commands: list[dict], guild_id: str | None) -> list[dict]:
        stored = [
            {**c, "id": self.snowflake(), "application_id": self.app_id, "version": "1"}
            | ({"guild_id": guild_id} if guild_id else {})
            for c in commands
        ]
        self.commands[guild_id] = stored
        return stored

    async def _put_commands(self, request: web.Request, body: Any, app_id: str) -> web.Response:
        return _json(self._stored_commands(body, None))

    async def _put_guild_commands(
        self, request: web.Request, body: Any, app_id: str, guild_id: str
    ) -> web.Response:
        return _json(self._stored_commands(body, guild_id))

    async def _get_commands(self, request: web.Request, body: Any, app_id: str) -> web.Response:
        return _json(self.commands.get(None, []))

    async def _post_message(self, request: web.Request, body: Any, channel_id: str) -> web.Response:
        if channel_id not in self.channels:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        nonce = (channel_id, str(body.get("nonce"))) if body.get("enforce_nonce") else None
        if nonce in self._nonces:
            # Discord returns the message an enforced nonce already created (a repeated send).
            return _json(self._nonces[nonce])
        message = self._message(channel_id, self.bot_user, body)
        if nonce is not None:
            self._nonces[nonce] = message
        return _json(message)

    async def _get_messages(self, request: web.Request, body: Any, channel_id: str) -> web.Response:
        """History, newest first, honouring `after`, `before` and `limit` like Discord."""
        found = self.messages.get(channel_id, [])
        after, before = request.query.get("after"), request.query.get("before")
        if after:
            found = [m for m in found if int(m["id"]) > int(after)]
        if before:
            found = [m for m in found if int(m["id"]) < int(before)]
        limit = int(request.query.get("limit", 50))
        newest_first = sorted(found, key=lambda m: int(m["id"]), reverse=True)
        chosen = newest_first[-limit:] if after else newest_first[:limit]
        return _json(chosen)

    async def _post_thread(
        self, request: web.Request, body: Any, channel_id: str, message_id: str
    ) -> web.Response:
        parent = self.channels[channel_id]
        if message_id in self.channels:
            exists = "A thread has already been created for this message"
            return _json({"message": exists, "code": 160004}, 400)
        thread = {
            "id": message_id,
            "type": 11,
            "guild_id": parent["guild_id"],
            "parent_id": channel_id,
            "owner_id": self.app_id,
            "name": body["name"],
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": datetime.now(UTC).isoformat(),
                "locked": False,
            },
        }
        self.channels[message_id] = thread
        self.messages[message_id] = []
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread, 201)

    async def _put_reaction(
        self, request: web.Request, body: Any, channel_id: str, message_id: str, emoji: str
    ) -> web.Response:
        from urllib.parse import unquote

        self.reactions.append((channel_id, message_id, unquote(emoji)))
        return web.Response(status=204)

    async def _get_channel(self, request: web.Request, body: Any, channel_id: str) -> web.Response:
        if channel_id not in self.channels:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        return _json(self.channels[channel_id])

    async def _get_guild(self, request: web.Request, body: Any, guild_id: str) -> web.Response:
        return _json(self._guild_create(guild_id))

    async def _get_member(
        self, request: web.Request, body: Any, guild_id: str, user_id: str
    ) -> web.Response:
        return _json(self.guilds[guild_id]["members"][user_id])

    async def _get_roles(self, request: web.Request, body: Any, guild_id: str) -> web.Response:
        return _json(self.guilds[guild_id]["roles"])

    async def _get_user(self, request: web.Request, body: Any, user_id: str) -> web.Response:
        for guild in self.guilds.values():
            if user_id in guild["members"]:
                return _json(guild["members"][user_id]["user"])
        return _json({"message": "Unknown User", "code": 10013}, 404)

    async def _open_dm(self, request: web.Request, body: Any) -> web.Response:
        channel_id = f"9{body['recipient_id']}"
        if channel_id not in self.channels:
            self.channels[channel_id] = {"id": channel_id, "type": 1, "guild_id": None}
            self.messages[channel_id] = []
        recipient = self.user_payload(body["recipient_id"], "recipient")
        return _json({"id": channel_id, "type": 1, "recipients": [recipient]})

    def _interaction(self, interaction_id: str) -> Interaction:
        return self.interactions[interaction_id]

    async def _callback(
        self, request: web.Request, body: Any, interaction_id: str, token: str
    ) -> web.Response:
        record = self.interactions.get(interaction_id)
        if record is None or record.token != token:
            return _json({"message": "Unknown interaction", "code": 10062}, 404)
        if record.callbacks:
            return _json(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        record.callbacks.append(body)
        record.answered_at = time.monotonic()
        data = body.get("data") or {}
        flags = data.get("flags", 0)
        message = None
        if body["type"] in (4, 5):
            message = self._message(record.payload["channel_id"], self.bot_user, data)
        result: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": record.payload["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": body["type"] == 5,
                "response_message_ephemeral": bool(flags & 64),
            }
        }
        if message is not None:
            result["resource"] = {"type": body["type"], "message": message}
        return _json(result)

    def _by_token(self, token: str) -> Interaction:
        return next(i for i in self.interactions.values() if i.token == token)

    async def _followup(
        self, request: web.Request, body: Any, app_id: str, token: str
    ) -> web.Response:
        record = self._by_token(token)
        record.followups.append(body)
        return _json(self._message(record.payload["channel_id"], self.bot_user, body))

    async def _edit_original(
        self, request: web.Request, body: Any, app_id: str, token: str
    ) -> web.Response:
        record = self._by_token(token)
        record.edits.append(body)
        return _json(self._message(record.payload["channel_id"], self.bot_user, body))

    async def _get_original(
        self, request: web.Request, body: Any, app_id: str, token: str
    ) -> web.Response:
        record = self._by_token(token)
        return _json(self._message(record.payload["channel_id"], self.bot_user, {}))


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


async def _json_body(request: web.Request) -> Any:
    if "body" in request:
        return request["body"]
    if request.content_type == "multipart/form-data":
        return await _multipart_body(request)
    raw = await request.read()
    body = json.loads(raw) if raw and request.content_type == "application/json" else None
    request["body"] = body
    return body


async def _multipart_body(request: web.Request) -> Any:
    """discord.py sends attachments as multipart: `payload_json` and `files[n]` parts."""
    body: dict = {}
    files: list[tuple[str, bytes]] = []
    async for part in await request.multipart():
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            files.append((part.filename or "", bytes(await part.read())))
    request["body"] = body
    request["files"] = files
    return body


def _json(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json", without a charset: discord.py parses nothing else.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _ratelimit_headers(limit: int, remaining: int, reset_after: float, bucket: str) -> dict:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": str(abs(hash(bucket.rsplit(" @", 1)[0]))),
    }


def _too_many(retry_after: float, *, scope: str, bucket: str = "global") -> web.Response:
    """A 429 as Discord sends it: JSON body, `Via` (else discord.py assumes a Cloudflare ban)."""
    response = _json(
        {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": scope == "global",
            "code": 0,
        },
        429,
    )
    response.headers.update(
        {
            "Via": VIA,
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Scope": scope,
        }
    )
    if scope == "global":
        response.headers["X-RateLimit-Global"] = "true"
    else:
        response.headers.update(_ratelimit_headers(1, 0, retry_after, bucket))
    return response
