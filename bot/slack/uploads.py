"""`/coach pack add` on Slack: the pack comes as a file shared in a channel.

A slash command cannot carry a file, so an admin uploads the pack's YAML file in a channel the
coach is in, with the message `@coach pack add` (or `pack add`). That arrives as a `file_share`
message event; the file is looked up with files.info (scope files:read) and downloaded with the
bot's token, only from Slack's file host (or the configured SLACK_API_URL's host), so the token
never goes anywhere else.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from content.packs import MAX_BYTES
from handlers.types import Attachment, Incoming

from .translate import Origin, slack_time

log = logging.getLogger(__name__)
PACK_ADD = re.compile(r"^\s*(?:<@\w+>\s*)?/?(?:coach\s+)?pack\s+add\s*$", re.IGNORECASE)
FILE_HOSTS = ("files.slack.com",)
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=30)


def pack_upload(body: dict[str, Any]) -> tuple[Incoming, Origin, str] | None:
    """A person's `pack add` message with a file: the command, where to answer, the file id."""
    event = body.get("event", {})
    files = event.get("files") or []
    user = event.get("user")
    if event.get("subtype") != "file_share" or not files or not user or event.get("bot_id"):
        return None
    if not PACK_ADD.match(event.get("text", "")):
        return None
    team = body.get("team_id") or event.get("team", "")
    channel, ts = event.get("channel", ""), event.get("ts", "")
    origin = Origin(team, channel, user, ts=ts, thread_ts=event.get("thread_ts", ""))
    incoming = Incoming(
        platform="slack",
        workspace=team,
        channel=channel,
        user=user,
        text="/coach pack add",
        message_id=f"{channel}/{ts}",
        time=slack_time(ts),
    )
    return incoming, origin, str(files[0].get("id", ""))


def _trusted(url: str, api_url: str) -> bool:
    host = urlsplit(url).hostname
    return bool(host) and (host in FILE_HOSTS or host == urlsplit(api_url).hostname)


async def fetch_file(client: AsyncWebClient, file_id: str) -> Attachment | str:
    """The shared file's bytes, or what to tell the person when it cannot be had."""
    try:
        found = await client.files_info(file=file_id)
    except SlackApiError as err:
        log.warning("files.info %s failed: %s", file_id, err.response.get("error"))
        return "I could not read that file: is the app allowed files:read? Try sharing it again."
    file = found.get("file") or {}
    if int(file.get("size") or 0) > MAX_BYTES:
        return f"That file is over {MAX_BYTES // 1000} kB: split the pack into smaller files."
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    # The host that answered files.info (Slack, or SLACK_API_URL's) is the one the token is for.
    if not _trusted(url, found.api_url):
        log.warning("file %s is not on Slack's file host: not downloaded", file_id)
        return "That file is not on Slack's file host, so it was not downloaded."
    headers = {"Authorization": f"Bearer {client.token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT) as session,
            session.get(url, headers=headers) as response,
        ):
            if response.status != 200:
                log.warning("download of file %s: HTTP %d", file_id, response.status)
                return "I could not download that file from Slack: try sharing it again."
            data = await response.content.read(MAX_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError) as err:
        log.warning("download of file %s failed: %s", file_id, err)
        return "I could not download that file from Slack: try sharing it again."
    return Attachment(str(file.get("name") or "pack.yaml"), data)
