"""Discord messages and interactions as the core's plain `Incoming`."""

from __future__ import annotations

import discord

from handlers.commands import is_command
from handlers.types import Incoming


def is_admin(member: discord.abc.User | None, admin_role: str) -> bool:
    """Manage Server (or Administrator) permission, or the configured admin role by name or id."""
    if not isinstance(member, discord.Member):
        return False
    permissions = member.guild_permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    wanted = admin_role.strip().lower()
    return bool(wanted) and any(
        wanted in (role.name.lower(), str(role.id)) for role in member.roles
    )


def where(channel: object) -> tuple[str, str | None]:
    """(channel id, thread id) of a channel, a thread standing in for its parent."""
    if isinstance(channel, discord.Thread):
        return str(channel.parent_id), str(channel.id)
    return str(getattr(channel, "id", "")), None


def replies_to_other(message: discord.Message, me: discord.abc.User | None) -> bool:
    """Whether a message replies to someone else's message (the coach's own do not count)."""
    reference = message.reference
    if reference is None:
        return False
    quoted = reference.resolved
    if not isinstance(quoted, discord.Message):
        return False  # not known (deleted or not sent along): do not drop a possible answer
    return quoted.author.id != message.author.id and (me is None or quoted.author.id != me.id)


def mentions_other(message: discord.Message, me: discord.abc.User | None) -> bool:
    """Whether a message mentions a person other than its author and the bot, a role or
    @everyone/@here."""
    if message.mention_everyone or message.role_mentions:
        return True
    own = {message.author.id, me.id if me else None}
    return any(user.id not in own for user in message.mentions)


def bot_names(me: discord.abc.User | None) -> tuple[str, ...]:
    """How people address the bot in a message: its mention markup and its names."""
    if me is None:
        return ()
    return (f"<@{me.id}>", f"<@!{me.id}>", me.name, me.display_name)


def from_message(
    message: discord.Message, admin_role: str, me: discord.abc.User | None = None
) -> Incoming:
    """A guild message, or its edit, as an Incoming; `me` is the bot's own user."""
    channel, thread = where(message.channel)
    return Incoming(
        platform="discord",
        workspace=str(message.guild.id if message.guild else ""),
        channel=channel,
        thread=thread,
        user=str(message.author.id),
        user_name=message.author.display_name,
        text=message.content,
        message_id=str(message.id),
        time=message.edited_at or message.created_at,
        # Only commands ask; working out guild permissions for every reply in a crowd is waste.
        is_admin=is_command(message.content) and is_admin(message.author, admin_role),
        edited=message.edited_at is not None,
        reply_to_other=replies_to_other(message, me),
        mentions_other=mentions_other(message, me),
        bot_names=bot_names(me),
    )


def from_interaction(interaction: discord.Interaction, text: str, admin_role: str) -> Incoming:
    """A slash command, button press or modal submit as an Incoming carrying `text`."""
    channel, thread = where(interaction.channel)
    user = interaction.user
    admin = is_admin(user, admin_role) or interaction.permissions.manage_guild
    return Incoming(
        platform="discord",
        workspace=str(interaction.guild_id or ""),
        channel=channel or str(interaction.channel_id or ""),
        thread=thread,
        user=str(user.id),
        user_name=user.display_name,
        text=text,
        message_id=str(interaction.id),
        time=interaction.created_at,
        is_admin=admin,
    )
