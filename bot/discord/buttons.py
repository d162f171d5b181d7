"""The drill's buttons (restart-proof through custom_id templates) and the Answer modal."""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from handlers.types import Button

CUSTOM_ID = "coach:{action}:{value}"
TEMPLATE = r"coach:(?P<action>[a-z_]+):(?P<value>.*)"
CUSTOM_ID_LIMIT = 100
ANSWER_LIMIT = 4000
STYLES = {"answer": discord.ButtonStyle.primary, "skip": discord.ButtonStyle.secondary}


class ButtonHandler(Protocol):
    """What the client offers the buttons and the modal (the adapter's entry points)."""

    async def on_drill_button(
        self, interaction: discord.Interaction, action: str, value: str
    ) -> None:
        """A button under a drill post was pressed."""

    async def on_answer_modal(
        self, interaction: discord.Interaction, value: str, text: str
    ) -> None:
        """The Answer modal was submitted with `text`."""


class DrillButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """A button whose custom_id carries the core's action and opaque value, so presses still
    dispatch after a restart without any view kept in memory."""

    def __init__(self, action: str, value: str, label: str = "") -> None:
        custom_id = CUSTOM_ID.format(action=action, value=value)
        if len(custom_id) > CUSTOM_ID_LIMIT:
            raise ValueError(f"button value too long for a Discord custom_id: {value!r}")
        style = STYLES.get(action, discord.ButtonStyle.secondary)
        super().__init__(discord.ui.Button(label=label or action, custom_id=custom_id, style=style))
        self.action = action
        self.value = value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DrillButton:
        return cls(match["action"], match["value"])

    async def callback(self, interaction: discord.Interaction) -> None:
        handler: ButtonHandler = interaction.client  # type: ignore[assignment]
        await handler.on_drill_button(interaction, self.action, self.value)


def view_for(buttons: tuple[Button, ...]) -> discord.ui.View | None:
    """A view holding the post's buttons, or None when it has none."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(DrillButton(button.action, button.value, button.label[:80]))
    return view


class AnswerModal(discord.ui.Modal):
    """The private way to answer: a text box whose submission is checked by the core."""

    answer: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Your answer",
        style=discord.TextStyle.paragraph,
        max_length=ANSWER_LIMIT,
    )

    def __init__(self, value: str) -> None:
        super().__init__(title="Answer today's drill", custom_id=f"coach-answer:{value}"[:100])
        self.value = value

    async def on_submit(self, interaction: discord.Interaction) -> None:
        handler: ButtonHandler = interaction.client  # type: ignore[assignment]
        await handler.on_answer_modal(interaction, self.value, self.answer.value or "")
