"""Normalising a chat reply before reading it: minus signs, spaces, times signs, superscripts."""

from __future__ import annotations

import re

MAX_REPLY_CHARS = 20_000
"""Longer replies are not read at all; a chat answer is far shorter (Discord caps at 2000)."""

_CHARS = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u00d7": "x",  # multiplication sign
        "\u2715": "x",
        "\u22c5": "*",  # dot operator
        "\u00b7": "*",
        "\u2217": "*",
        "\u2044": "/",  # fraction slash
        "\u2215": "/",
        "\u00f7": "/",
        "\u2248": "≈",
        "\uff05": "%",
        "\u2018": "'",
        "\u2019": "'",
        "`": " ",
    }
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_FRACTIONS = {"½": "(1/2)", "⅓": "(1/3)", "⅔": "(2/3)", "¼": "(1/4)", "¾": "(3/4)"}
_FRACTION_CHAR = re.compile("[½⅓⅔¼¾]")
_BOLD = re.compile(r"(?<![\w)])\*\*(?=\S)(.{1,200}?)(?<=\S)\*\*(?![\w(])")
_STRUCK = re.compile(r"~~.{0,500}?~~")  # struck-out text is what the person took back
_SPOILER = re.compile(r"\|\|")


def normalise(reply: str) -> str:
    """Return the reply with look-alike characters replaced by plain ASCII ones."""
    text = reply.translate(_CHARS)
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)
    text = _FRACTION_CHAR.sub(lambda m: _FRACTIONS[m.group()], text)
    text = _STRUCK.sub(" ", _SPOILER.sub(" ", text))
    return _BOLD.sub(r"\1", text)


def too_long(reply: str) -> bool:
    """Whether the reply is beyond what the checkers read."""
    return len(reply) > MAX_REPLY_CHARS
