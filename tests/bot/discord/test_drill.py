"""Setup, the daily post, thread replies, the Answer modal and reveals, end to end on the fake."""

from __future__ import annotations

from content.bank import Bank, load_bank
from content.render import DISCORD_MESSAGE
from handlers.types import Post
from tests.bot.discord.conftest import World, WorldFactory
from tests.handlers.conftest import small_bank

EPHEMERAL = 64


async def test_setup_by_an_admin_is_saved(world: World) -> None:
    done = await world.fake.slash(world.channel, world.admin, "setup", time="09:00", days="daily")
    await world.fake.wait_for(lambda: done.messages)
    cfg = world.store.channel("discord", world.guild, world.channel)
    assert cfg is not None and cfg.time == "09:00"
    assert "Setup saved" in done.texts


async def test_setup_by_a_member_is_refused_privately(world: World) -> None:
    refused = await world.fake.slash(world.channel, world.member, "setup", time="07:00")
    await world.fake.wait_for(lambda: refused.messages)
    assert "Only an admin" in refused.texts
    assert refused.callbacks[0]["data"]["flags"] & EPHEMERAL
    assert world.store.channel("discord", world.guild, world.channel) is None


async def test_a_configured_role_counts_as_admin(make_world: WorldFactory) -> None:
    world = await make_world(admin_role="Coach Admins")
    helper = world.fake.snowflake()
    role = world.fake.add_role(world.guild, "coach admins")
    world.fake.add_member(world.guild, helper, "cy", [role])
    await world.fake.dispatch("GUILD_CREATE", world.fake._guild_create(world.guild))
    done = await world.fake.slash(world.channel, helper, "setup", time="10:30")
    await world.fake.wait_for(lambda: done.messages)
    assert "Setup saved" in done.texts


async def test_the_scheduled_post_is_an_embed_with_buttons_and_a_thread(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily")
    message, thread = await world.post_drill()
    (embed,) = message["embeds"]
    assert embed["title"] == "Question of the day" and "Prompt of" in embed["description"]
    labels = [b["label"] for row in message["components"] for b in row["components"]]
    assert labels == ["Answer", "Reveal for me", "Skip"]
    assert thread["parent_id"] == world.channel and thread["id"] == message["id"]
    drill = world.store.drill_in_thread("discord", world.guild, world.channel, thread["id"])
    assert drill is not None and drill.message_id == message["id"]


async def test_a_thread_reply_is_recorded_and_gets_its_reaction(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="nlp")
    _, thread = await world.post_drill()
    reply = await world.fake.user_says(thread["id"], world.member, "Attention weighs tokens.")
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    assert world.fake.reactions_on(reply["id"]) == ["📝"]
    assert world.store.find_attempt("discord", world.guild, reply["id"]) is not None
    assert world.fake.bot_messages(thread["id"]) == []  # the verdict spoils nothing in public


async def test_the_answer_modal_gives_a_private_verdict(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    message, _ = await world.post_drill()
    pressed = await world.fake.press(message, "coach:answer:" + _drill_value(message), world.member)
    await world.fake.wait_for(lambda: pressed.callbacks)
    (opened,) = pressed.callbacks
    assert opened["type"] == 9  # a modal
    submitted = await world.fake.submit_modal(opened["data"], world.member, world.channel, "0.5")
    await world.fake.wait_for(lambda: submitted.messages)
    assert submitted.callbacks[0]["data"]["flags"] & EPHEMERAL
    assert "✅" in submitted.texts
    assert world.store.latest_verdict(_drill_id(message), world.member) == "correct"


async def test_reveal_for_me_is_private_and_only_for_people_who_answered(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    message, thread = await world.post_drill()
    early = await world.fake.press(
        message, "coach:reveal_me:" + _drill_value(message), world.member
    )
    await world.fake.wait_for(lambda: early.messages)
    assert "It is 0.5" not in early.texts
    reply = await world.fake.user_says(thread["id"], world.member, "0.4")
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    assert world.fake.reactions_on(reply["id"]) == ["❌"]
    later = await world.fake.press(
        message, "coach:reveal_me:" + _drill_value(message), world.member
    )
    await world.fake.wait_for(lambda: later.messages)
    assert "It is 0.5" in later.texts and later.callbacks[0]["data"]["flags"] & EPHEMERAL


async def test_reveal_splits_a_long_answer_within_the_limits(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily")
    _, thread = await world.post_drill()
    paragraphs = [f"Paragraph {i}: " + "gradient " * 60 for i in range(20)]
    post = Post("reveal", world.guild, world.channel, "\n\n".join(paragraphs), thread=thread["id"])
    sent = await world.bot.sender.send_post(post)
    chunks = [m["content"] for m in world.fake.bot_messages(thread["id"])]
    assert len(chunks) > 1 and all(len(c) <= DISCORD_MESSAGE for c in chunks)
    assert sent.message_id == world.fake.bot_messages(thread["id"])[0]["id"]
    for i in range(20):
        assert sum(c.count(f"Paragraph {i}:") for c in chunks) == 1


async def test_the_scheduled_reveal_lands_in_the_thread(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    message, thread = await world.post_drill()
    await world.scheduler.run_reveal(_drill_id(message))
    revealed = "\n".join(m["content"] for m in world.fake.bot_messages(thread["id"]))
    assert "It is 0.5" in revealed
    assert world.store.drill(_drill_id(message)).revealed_at is not None


def _drill_value(message: dict) -> str:
    custom_id = message["components"][0]["components"][0]["custom_id"]
    return custom_id.split(":", 2)[2]


def _drill_id(message: dict) -> int:
    return int(_drill_value(message).split(":")[1])


async def test_key_point_feedback_goes_to_each_answerer_by_direct_message(
    make_world: WorldFactory,
) -> None:
    graded = load_bank().get("compare-batch-norm-layer-norm")
    assert graded is not None
    world = await make_world(bank=Bank([*small_bank().questions, graded]))
    await world.setup_channel(time="09:00", days="daily", topics="layers-architectures")
    message, thread = await world.post_drill()
    answer = "BN normalizes each feature across the batch, LN each example across its features"
    reply = await world.fake.user_says(thread["id"], world.member, answer)
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    await world.scheduler.run_reveal(_drill_id(message))

    dm = f"9{world.member}"
    await world.fake.wait_for(lambda: world.fake.messages.get(dm))
    text = "\n".join(m["content"] for m in world.fake.messages[dm])
    assert "Your key points" in text and "✓ BN normalizes per feature across the batch" in text
    assert "✗ Both learn a scale γ and shift β" in text
    public = "\n".join(m["content"] for m in world.fake.bot_messages(thread["id"]))
    assert "1 of 1 answer mentioned BN normalizes per feature across the batch" in public
    assert "Your key points" not in public and "bob" not in public
