"""The learning loop on Slack against the fake: the stats picture arrives privately (a file in
the person's DMs with the app, with alt text), reviews are ephemeral, reminders are DMs."""

from __future__ import annotations

from fsrs import Rating

from handlers.review import Who, rate
from tests.bot.slack.conftest import Harness, json_text


async def test_stats_uploads_the_picture_to_the_persons_dms(slack: Harness) -> None:
    await slack.command("stats", "UANN")
    (done,) = await slack.fake.wait_for_call("files.completeUploadExternal")
    assert done.args["channel_id"] == "DUANN"  # the person's DM, never the channel
    (file,) = slack.fake.files.values()
    png = slack.fake.uploads[file["id"]]
    assert png.startswith(b"\x89PNG") and 0 < len(png) < 200_000
    assert file["length"] == len(png)
    assert "Progress from" in file["alt_txt"]
    summary = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert summary.args["user"] == "UANN" and "drill days answered" in json_text(summary.args)
    assert slack.fake.calls_to("chat.postMessage") == []


async def test_review_is_ephemeral_and_a_reminder_is_a_dm(slack: Harness) -> None:
    await slack.command("review", "UANN")
    (private,) = await slack.fake.wait_for_call("chat.postEphemeral")
    assert private.args["user"] == "UANN" and "Nothing to review yet" in json_text(private.args)
    await slack.command("remind at=18:00", "UANN")
    await slack.command("remind at=18:00", "UBOB")
    deps = slack.runtime.coach.deps
    missed = rate(deps, Who("slack", "T1", "UANN"), "numeric-q", Rating.Again, slack.clock.now())
    scheduler = slack.runtime.scheduler(slack.bot.sender, "slack")
    slack.clock.set(missed.due.replace(hour=18, minute=0))
    await scheduler.run_nudges(slack.clock.now())
    await scheduler.run_nudges(slack.clock.now())  # a second tick: still one reminder
    dms = [c for c in slack.fake.calls_to("chat.postMessage") if c.args["channel"].startswith("D")]
    assert [c.args["channel"] for c in dms] == ["DUANN"]  # bob has nothing due: no message
    assert "1 review due" in json_text(dms[0].args)
