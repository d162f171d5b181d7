"""A `/coach` command typed as a message still knows who is an admin (replies skip that check)."""

from __future__ import annotations

from tests.bot.discord.conftest import World


async def test_a_typed_admin_command_runs_for_an_admin_only(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily")
    _, thread = await world.post_drill()
    await world.fake.user_says(world.channel, world.admin, "/coach setup time=10:30")
    await world.fake.user_says(world.channel, world.member, "/coach setup time=07:00")
    # Messages are handled in order: once this reply has its verdict, both commands have run.
    reply = await world.fake.user_says(thread["id"], world.member, "42")
    await world.fake.wait_for(lambda: world.fake.reactions_on(reply["id"]))
    cfg = world.store.channel("discord", world.guild, world.channel)
    assert cfg is not None and cfg.time == "10:30"


async def test_a_timezone_too_long_for_a_file_name_is_refused_briefly(world: World) -> None:
    refused = await world.fake.slash(world.channel, world.admin, "setup", tz="Europe/" + "P" * 6000)
    await world.fake.wait_for(lambda: refused.messages)
    assert "unknown timezone" in refused.texts and len(refused.texts) < 300
    assert world.store.channel("discord", world.guild, world.channel) is None
