"""What counts as an attempt, on Discord: the real client against the fake, replies, mentions,
edits and a private reveal."""

from __future__ import annotations

from tests.bot.discord.conftest import World
from tests.bot.discord.test_drill import _drill_id, _drill_value


async def _numeric_drill(world: World) -> tuple[dict, dict]:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    return await world.post_drill()


async def _settled(world: World, thread: dict) -> None:
    """Wait until every earlier message was handled: events are handled in order, so a fresh
    answer by someone else getting its reaction means all before it are done."""
    marker = await world.fake.user_says(thread["id"], world.admin, "0.1")
    await world.fake.wait_for(lambda: world.fake.reactions_on(marker["id"]))


async def test_chatter_after_a_correct_answer_keeps_it(world: World) -> None:
    message, thread = await _numeric_drill(world)
    answer = await world.fake.user_says(thread["id"], world.member, "0.5")
    await world.fake.wait_for(lambda: world.fake.reactions_on(answer["id"]))
    chatter = ["thanks!", "+1", "/help", "!streak", f"<@{world.fake.app_id}> help", "nice one"]
    said = [await world.fake.user_says(thread["id"], world.member, text) for text in chatter]
    await _settled(world, thread)
    assert world.fake.reactions_on(answer["id"]) == ["✅"]
    assert all(world.fake.reactions_on(m["id"]) == [] for m in said)
    drill = _drill_id(message)
    assert world.store.latest_verdict(drill, world.member) == "correct"
    figures = world.store.figures(drill)  # the member's ✅ and the admin's ❌ marker
    assert (figures.answered, figures.correct) == (2, 1)


async def test_a_reply_to_someone_else_or_a_mention_is_not_an_attempt(world: World) -> None:
    message, thread = await _numeric_drill(world)
    theirs = await world.fake.user_says(thread["id"], world.admin, "is it 0.9?")
    await world.fake.wait_for(lambda: world.fake.reactions_on(theirs["id"]))
    reply = await world.fake.user_says(thread["id"], world.member, "0.5", reply_to=theirs)
    mention = await world.fake.user_says(thread["id"], world.member, f"<@{world.admin}> 0.5")
    await _settled(world, thread)
    assert world.fake.reactions_on(reply["id"]) == [] == world.fake.reactions_on(mention["id"])
    assert world.store.latest_verdict(_drill_id(message), world.member) is None


async def test_an_edit_updates_the_attempt(world: World) -> None:
    message, thread = await _numeric_drill(world)
    answer = await world.fake.user_says(thread["id"], world.member, "0.9")
    await world.fake.wait_for(lambda: world.fake.reactions_on(answer["id"]))
    await world.fake.user_edits(answer, "0.5")
    await world.fake.wait_for(lambda: "✅" in world.fake.reactions_on(answer["id"]))
    assert world.store.latest_verdict(_drill_id(message), world.member) == "correct"


async def test_after_reveal_for_me_a_new_message_changes_nothing(world: World) -> None:
    message, thread = await _numeric_drill(world)
    answer = await world.fake.user_says(thread["id"], world.member, "0.9")
    await world.fake.wait_for(lambda: world.fake.reactions_on(answer["id"]))
    shown = await world.fake.press(
        message, "coach:reveal_me:" + _drill_value(message), world.member
    )
    await world.fake.wait_for(lambda: shown.messages)
    assert "Your answer:** 0.9 (❌ Not quite)." in shown.texts and "It is 0.5" in shown.texts
    again = await world.fake.user_says(thread["id"], world.member, "0.5")
    await _settled(world, thread)
    assert world.fake.reactions_on(again["id"]) == []
    assert world.store.latest_verdict(_drill_id(message), world.member) == "incorrect"
    later = await world.fake.press(
        message, "coach:reveal_me:" + _drill_value(message), world.member
    )
    await world.fake.wait_for(lambda: later.messages)
    assert "Your answer:** 0.9 (❌ Not quite)." in later.texts


async def test_answer_replaces_and_says_so_through_the_slash_command(world: World) -> None:
    message, thread = await _numeric_drill(world)
    first = await world.fake.user_says(thread["id"], world.member, "0.9")
    await world.fake.wait_for(lambda: world.fake.reactions_on(first["id"]))
    answered = await world.fake.slash(world.channel, world.member, "answer", text="0.5")
    await world.fake.wait_for(lambda: answered.messages)
    assert "✅" in answered.texts and "replaces your earlier answer (0.9)" in answered.texts
    assert world.store.latest_verdict(_drill_id(message), world.member) == "correct"


async def _slash(world: World, user: str, sub: str, **options: str) -> str:
    """Run `/coach <sub>` with typed options; return what the user was shown."""
    interaction = await world.fake.slash(world.channel, user, sub, **options)
    await world.fake.wait_for(lambda: interaction.messages)
    return interaction.texts


async def test_holidays_away_and_the_board_period_through_slash_commands(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily")
    skipped = await _slash(world, world.admin, "setup", skip="2026-12-24")
    assert "no drill (holidays): Thu 24 Dec 2026" in skipped
    assert "Only an admin" in await _slash(world, world.member, "setup", skip="2026-12-25")
    away = await _slash(world, world.member, "away", until="2026-03-10")
    assert "You are away until Tue 10 Mar" in away
    assert "(last 7 days)" in await _slash(world, world.member, "leaderboard", period="week")
