"""`/coach pack add` on Discord: the pack arrives as the command's attachment option."""

from __future__ import annotations

from pathlib import Path

from tests.bot.discord.conftest import World

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "ours.yaml"


async def test_an_admin_attaches_a_pack_and_the_server_keeps_it(world: World) -> None:
    interaction = await world.fake.slash_with_file(
        world.channel, world.admin, "pack", ("ours.yaml", EXAMPLE.read_bytes()), action="add"
    )
    await world.fake.wait_for(lambda: interaction.messages)
    (message,) = interaction.messages
    assert "Pack `ours` saved for this workspace: 3 questions" in message["content"]
    assert message["flags"] & 64  # only the admin sees it
    [stored] = world.store.stored_packs()
    assert (stored.platform, stored.workspace, stored.name) == ("discord", world.guild, "ours")
    await world.setup_channel(packs="ours")
    cfg = world.store.channel("discord", world.guild, world.channel)
    assert cfg is not None and cfg.packs == ("ours",)


async def test_a_broken_pack_is_refused_with_its_lines(world: World) -> None:
    interaction = await world.fake.slash_with_file(
        world.channel,
        world.admin,
        "pack",
        ("bad.yaml", b"questions:\n  - question: Why?\n"),
        action="add",
    )
    await world.fake.wait_for(lambda: interaction.messages)
    (message,) = interaction.messages
    assert "bad.yaml:2: question 1: has no" in message["content"]
    assert world.store.stored_packs() == []


async def test_a_member_cannot_add_a_pack(world: World) -> None:
    interaction = await world.fake.slash_with_file(
        world.channel, world.member, "pack", ("ours.yaml", EXAMPLE.read_bytes()), action="add"
    )
    await world.fake.wait_for(lambda: interaction.messages)
    assert "Only an admin" in interaction.messages[0]["content"]
    assert world.store.stored_packs() == []
