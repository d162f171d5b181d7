"""The real discord.py client while the database is full: the answer is kept, then recorded."""

from __future__ import annotations

from handlers.pending import KEPT_ANSWER
from tests.bot.discord.conftest import World
from tests.bot.discord.test_drill import EPHEMERAL, _drill_value
from tests.handlers.test_store_outage import LONG, fill_disk, free_disk


async def test_answers_given_while_the_disk_is_full_are_recorded_once_it_has_room(
    world: World,
) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    message, thread = await world.post_drill()
    first = await world.fake.user_says(thread["id"], world.admin, LONG[:3900])
    await world.fake.wait_for(lambda: world.fake.reactions_on(first["id"]))
    fill_disk(world.store)
    # Another long reply needs a page the full database cannot add: 📝, nothing in public.
    reply = await world.fake.user_says(thread["id"], world.member, LONG[:3900])
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    assert world.fake.reactions_on(reply["id"]) == ["📝"]
    assert world.fake.bot_messages(thread["id"]) == []
    # The Answer button's modal: the friendly words, privately.
    pressed = await world.fake.press(message, "coach:answer:" + _drill_value(message), world.admin)
    await world.fake.wait_for(lambda: pressed.callbacks)
    submitted = await world.fake.submit_modal(
        pressed.callbacks[0]["data"], world.admin, world.channel, "0.5"
    )
    await world.fake.wait_for(lambda: submitted.messages)
    assert submitted.callbacks[0]["data"]["flags"] & EPHEMERAL
    assert KEPT_ANSWER in submitted.texts
    assert world.store.find_attempt("discord", world.guild, reply["id"]) is None

    free_disk(world.store)
    assert world.coach.flush() == 2
    attempt = world.store.find_attempt("discord", world.guild, reply["id"])
    assert attempt is not None and attempt.user == world.member
    drill = world.store.drill_in_thread("discord", world.guild, world.channel, thread["id"])
    assert drill is not None and world.store.figures(drill.id).answered == 2
    assert world.store.latest_verdict(drill.id, world.admin) == "correct"
    assert world.store.execute("PRAGMA integrity_check") == [("ok",)]
