"""Code answers on Discord, end to end on the fake: a fenced thread reply and the Answer modal."""

from __future__ import annotations

import threading

from bot.code_runs import PrefetchingRunner
from bot.sandbox import Sandbox
from content.bank import Bank
from tests.bot.discord.conftest import WorldFactory
from tests.bot.discord.test_drill import EPHEMERAL, _drill_id, _drill_value
from tests.bot.test_code_answers import CODE_QUESTION, Counting
from tests.content.checkers.code.solutions import DROPOUT


async def test_a_fenced_reply_and_the_modal_are_run_off_the_loop(
    make_world: WorldFactory, sandbox: Sandbox
) -> None:
    counting = Counting(sandbox)
    world = await make_world(bank=Bank([CODE_QUESTION]), code_runner=PrefetchingRunner(counting))
    await world.setup_channel(time="09:00", days="daily")
    message, thread = await world.post_drill()
    reply = await world.fake.user_says(thread["id"], world.member, "Mine:\n" + DROPOUT)
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    assert world.fake.reactions_on(reply["id"]) == ["✅"]

    pressed = await world.fake.press(message, "coach:answer:" + _drill_value(message), world.member)
    await world.fake.wait_for(lambda: pressed.callbacks)
    wrong = DROPOUT.replace("return dout * mask", "return dout")
    submitted = await world.fake.submit_modal(
        pressed.callbacks[0]["data"], world.member, world.channel, wrong
    )
    await world.fake.wait_for(lambda: submitted.messages)
    assert submitted.callbacks[0]["data"]["flags"] & EPHEMERAL
    assert "5 of 6 tests passed" in submitted.texts
    assert "First failure, backward reuses the forward mask" in submitted.texts
    assert world.store.latest_verdict(_drill_id(message), world.member) == "partial"
    assert len(counting.threads) == 2
    assert threading.main_thread().name not in counting.threads
