"""Forget-me asks first (a confirm button), privacy shows where you stand, the board says you are
hidden, and /coach drill finds a checkable question: through the real client on the fake."""

from __future__ import annotations

from tests.bot.discord.conftest import World

EPHEMERAL = 64
CONFIRM_ID = "coach:forget_me:forget:confirm"


def custom_ids(interaction_messages: list[dict]) -> list[str]:
    return [
        button["custom_id"]
        for body in interaction_messages
        for row in body.get("components") or []
        for button in row.get("components") or []
    ]


async def answered_drill(world: World) -> dict:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    message, thread = await world.post_drill()
    reply = await world.fake.user_says(thread["id"], world.member, "0.5")
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    return message


async def test_forget_me_asks_first_and_the_button_deletes(world: World) -> None:
    message = await answered_drill(world)
    asked = await world.fake.slash(world.channel, world.member, "forget-me")
    await world.fake.wait_for(lambda: asked.messages)
    assert "cannot be undone" in asked.texts and asked.callbacks[0]["data"]["flags"] & EPHEMERAL
    assert CONFIRM_ID in custom_ids(asked.messages)
    assert world.store.person("discord", world.guild, world.member) is not None
    # The private reply as Discord would hand it back with the press: its own components.
    private = {**message, "id": world.fake.snowflake(), "flags": EPHEMERAL}
    private["components"] = asked.messages[0]["components"]
    pressed = await world.fake.press(private, CONFIRM_ID, world.member)
    await world.fake.wait_for(lambda: pressed.messages)
    assert "deleted everything stored about you" in pressed.texts
    assert world.store.person("discord", world.guild, world.member) is None


async def test_forget_me_confirm_as_an_option_deletes_at_once(world: World) -> None:
    await answered_drill(world)
    done = await world.fake.slash(world.channel, world.member, "forget-me", confirm="confirm")
    await world.fake.wait_for(lambda: done.messages)
    assert "deleted everything stored about you" in done.texts
    assert world.store.person("discord", world.guild, world.member) is None


async def test_privacy_without_a_word_shows_the_state_and_the_board_says_hidden(
    world: World,
) -> None:
    await answered_drill(world)
    shown = await world.fake.slash(world.channel, world.member, "privacy")
    await world.fake.wait_for(lambda: shown.messages)
    assert "You are on the leaderboard" in shown.texts
    person = world.store.person("discord", world.guild, world.member)
    assert person is not None and not person.hidden  # looking changed nothing
    hide = await world.fake.slash(world.channel, world.member, "privacy", mode="hide")
    await world.fake.wait_for(lambda: hide.messages)
    again = await world.fake.slash(world.channel, world.member, "privacy")
    await world.fake.wait_for(lambda: again.messages)
    assert "You are hidden" in again.texts
    board = await world.fake.slash(world.channel, world.member, "leaderboard")
    await world.fake.wait_for(lambda: "hidden" in board.texts)
    assert "empty" not in board.texts


async def test_drill_checkable_gives_a_question_checked_at_once(world: World) -> None:
    asked = await world.fake.slash(world.channel, world.member, "drill", topic="checkable")
    await world.fake.wait_for(lambda: asked.messages)
    assert "Prompt of numeric-q?" in asked.texts  # the small bank's one checked question
