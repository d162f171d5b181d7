"""Render neutral markdown for Discord, Slack or a terminal, and split it into sized messages.

latex.py    LaTeX math as Unicode
markup.py   markdown as each platform's markup (render)
blocks.py   markdown as prose and fenced code blocks
tables.py   markdown tables as aligned monospace (chat platforms show raw pipes)
split.py    cutting a message to a platform's limit (split_message)
safety.py   control characters and mentions (clean_control, neutralise_mentions)
"""

from content.render.latex import latex_to_unicode
from content.render.markup import render
from content.render.safety import ZWJ, Target, clean_control, neutralise_mentions
from content.render.split import MIN_SPLIT_LIMIT, split_message

DISCORD_MESSAGE = 2000
DISCORD_EMBED_DESCRIPTION = 4096
DISCORD_EMBED_TOTAL = 6000
SLACK_SECTION = 3000
SLACK_BLOCKS = 50

__all__ = [
    "DISCORD_EMBED_DESCRIPTION",
    "DISCORD_EMBED_TOTAL",
    "DISCORD_MESSAGE",
    "MIN_SPLIT_LIMIT",
    "SLACK_BLOCKS",
    "SLACK_SECTION",
    "ZWJ",
    "Target",
    "clean_control",
    "latex_to_unicode",
    "neutralise_mentions",
    "render",
    "split_message",
]
