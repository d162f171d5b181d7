"""`/coach pack add` on Slack: a file shared with the message `@coach pack add`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bot.slack.conftest import Harness, json_text

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "ours.yaml"


def shared(slack: Harness, text: str, user: str, file: dict[str, Any]) -> dict[str, Any]:
    """The message event of a file shared in the channel with a comment."""
    event = slack.reply_event(text, user, thread_ts="")
    del event["event"]["thread_ts"]
    event["event"].update(subtype="file_share", files=[file], upload=False)
    return event


async def test_an_admin_shares_a_pack_and_the_workspace_keeps_it(slack: Harness) -> None:
    file = slack.fake.add_file("T1", "ours.yaml", EXAMPLE.read_bytes())
    await slack.fake.send_envelope("events_api", shared(slack, "<@UBOT1> pack add", "UADMIN", file))
    (said,) = await slack.fake.wait_for_call("chat.postEphemeral")
    assert said.args["user"] == "UADMIN"
    assert "Pack `ours` saved for this workspace: 3 questions" in json_text(said.args)
    [stored] = slack.runtime.store.stored_packs()
    assert (stored.platform, stored.workspace, stored.name) == ("slack", "T1", "ours")
    # The file was fetched once, with the workspace's bot token, from the fake's file host.
    assert slack.fake.downloads == [(file["id"], slack.fake.teams["T1"].bot_token)]
    await slack.command("setup packs=ours,builtin", "UADMIN")
    await slack.fake.wait_for_call(
        "chat.postMessage", lambda c: "questions from" in json_text(c.args)
    )


async def test_a_member_sharing_a_pack_is_refused_and_nothing_is_downloaded(slack: Harness) -> None:
    file = slack.fake.add_file("T1", "ours.yaml", EXAMPLE.read_bytes())
    await slack.fake.send_envelope("events_api", shared(slack, "pack add", "UANN", file))
    (said,) = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "Only an admin" in json_text(said.args)
    assert slack.runtime.store.stored_packs() == [] and slack.fake.downloads == []


async def test_a_broken_pack_lists_its_problems(slack: Harness) -> None:
    file = slack.fake.add_file("T1", "bad.yaml", b"questions:\n  - question: Why?\n")
    await slack.fake.send_envelope("events_api", shared(slack, "pack add", "UADMIN", file))
    (said,) = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "bad.yaml:2: question 1: has no" in json_text(said.args)
    assert slack.runtime.store.stored_packs() == []


async def test_a_file_off_slacks_host_is_never_fetched_with_the_token(slack: Harness) -> None:
    file = slack.fake.add_file("T1", "ours.yaml", EXAMPLE.read_bytes())
    slack.fake.files[file["id"]]["json"]["url_private_download"] = "https://evil.example/x.yaml"
    await slack.fake.send_envelope("events_api", shared(slack, "pack add", "UADMIN", file))
    (said,) = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "not on Slack's file host" in json_text(said.args)
    assert slack.fake.downloads == []


async def test_other_shared_files_are_left_alone(slack: Harness) -> None:
    file = slack.fake.add_file("T1", "cat.png", b"\x89PNG")
    await slack.fake.send_envelope("events_api", shared(slack, "look at my cat", "UADMIN", file))
    await slack.command("status", "UANN")
    await slack.fake.wait_for_call("chat.postEphemeral")
    assert slack.fake.calls_to("files.info") == [] and slack.fake.downloads == []


async def test_the_slash_command_says_how_to_share_a_pack(slack: Harness) -> None:
    await slack.command("pack add", "UADMIN")
    (said,) = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "on Slack, share the file in the channel with the message" in json_text(said.args)
