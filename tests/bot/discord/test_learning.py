"""The learning loop on Discord against the fake: the stats picture is an ephemeral attachment
with alt text, a review is ephemeral, a reminder is a direct message, a self-rating button."""

from __future__ import annotations

from datetime import timedelta

from fsrs import Rating

from bot.discord.buttons import CUSTOM_ID
from handlers.review import Who, rate
from tests.bot.discord.conftest import World

EPHEMERAL = 64


async def test_stats_is_a_private_picture_with_alt_text(world: World) -> None:
    done = await world.fake.slash(world.channel, world.member, "stats")
    await world.fake.wait_for(lambda: world.fake.uploads)
    (upload,) = world.fake.uploads
    assert upload.filename == "coach-stats.png"
    assert upload.data.startswith(b"\x89PNG") and len(upload.data) < 200_000
    assert upload.payload["flags"] & EPHEMERAL
    (attachment,) = upload.payload["attachments"]
    assert "Progress from" in attachment["description"]
    assert "drill days answered" in done.texts
    assert all(m.get("flags", 0) & EPHEMERAL for m in done.messages)


async def test_a_review_is_ephemeral_and_rated_with_a_button(world: World) -> None:
    deps = world.coach.deps
    rate(deps, Who("discord", world.guild, world.member), "nlp-a", Rating.Again, world.clock.now())
    world.clock.advance(timedelta(days=1))
    given = await world.fake.slash(world.channel, world.member, "review")
    await world.fake.wait_for(lambda: given.messages)
    assert "Review 1 of 5 today" in given.texts
    assert given.callbacks[0]["data"]["flags"] & EPHEMERAL
    answered = await world.fake.slash(world.channel, world.member, "drill", answer="I recall it")
    await world.fake.wait_for(lambda: answered.messages)
    (message,) = answered.messages
    buttons = [c for row in message.get("components", []) for c in row["components"]]
    rate_good = next(b for b in buttons if b["label"] == "Good")
    assert rate_good["custom_id"].startswith(CUSTOM_ID.format(action="rate_good", value=""))
    shown = world.fake.bot_messages(world.channel)[-1]  # the stored message carrying them
    pressed = await world.fake.press(shown, rate_good["custom_id"], world.member)
    await world.fake.wait_for(lambda: pressed.messages)
    assert "Rated Good" in pressed.texts
    card = world.store.card("discord", world.guild, world.member, "nlp-a")
    assert card is not None and card.last_rating == 3 and card.reviews == 2


async def test_a_reminder_is_a_direct_message_only_to_those_who_opted_in(world: World) -> None:
    opted = await world.fake.slash(world.channel, world.member, "remind", at="18:00")
    await world.fake.wait_for(lambda: opted.messages)
    deps = world.coach.deps
    for user in (world.member, world.admin):
        rate(deps, Who("discord", world.guild, user), "nlp-a", Rating.Again, world.clock.now())
    world.clock.set(world.clock.now().replace(hour=18) + timedelta(days=1))
    await world.scheduler.run_nudges(world.clock.now())
    await world.scheduler.run_nudges(world.clock.now())
    dms = [c for c in world.fake.channels.values() if c.get("type") == 1]
    assert [c["id"] for c in dms] == [f"9{world.member}"]
    (reminder,) = world.fake.bot_messages(f"9{world.member}")
    assert "1 review due" in reminder["content"]
