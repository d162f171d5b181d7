"""Rendering neutral markdown for Discord, Slack and the terminal, and splitting it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.render import (
    DISCORD_EMBED_DESCRIPTION,
    DISCORD_EMBED_TOTAL,
    DISCORD_MESSAGE,
    SLACK_BLOCKS,
    SLACK_SECTION,
    ZWJ,
    latex_to_unicode,
    neutralise_mentions,
    render,
    split_message,
)
from handlers.text import quote

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"
TARGETS = ("discord", "slack", "text")
# a CommonMark fence line: the marker, then an info string without backticks
FENCE_LINE = re.compile(r"^ {0,3}(`{3,}[^`\n]*|~{3,}[^\n]*)$", re.MULTILINE)


def _source(prefix: str) -> str:
    return next(SOURCES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _pings(text: str, target: str) -> bool:
    """True when text, posted as is, could notify a crowd or a person."""
    if target == "discord":
        return bool(re.search(r"@(everyone|here)|<@[!&]?\d+>", text, re.IGNORECASE))
    if target == "slack":
        return bool(re.search(r"<[!@#]|@(channel|here|everyone)", text, re.IGNORECASE))
    return False


def _non_space(text: str) -> str:
    return "".join(text.split())


def _content(text: str) -> str:
    """Non-whitespace text outside fence lines (markup that splitting may repeat or shorten)."""
    return _non_space(FENCE_LINE.sub("", text)).replace("\u200b", "")


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


# ---------------------------------------------------------------- LaTeX from the real sources


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", "σ(z) = 1/(1+e⁻ᶻ)"),
        (r"\nabla{C} = \frac{1}{n}\sum_x\nabla{C_x}", "∇C = (1/n)∑ₓ∇Cₓ"),
        (r"C_x = \frac{1}{2}\|y(x) - a(x,w,b)\|^2", "Cₓ = (1/2)‖y(x) - a(x,w,b)‖²"),
        (r"L = -\sum_i{y_i\log(y_i)}", "L = -∑ᵢ yᵢ log(yᵢ)"),
        (r"\sqrt{\sum_{i=1}^n(x_i - y_i)^2}", "√(∑ᵢ₌₁ⁿ(xᵢ - yᵢ)²)"),
        (r"w = (X^{T}X + \alpha I)^{-1}X^{T}y", "w = (XᵀX + α I)⁻¹Xᵀy"),
        (r"\tilde{J}(w; X, y) = \alpha \text{sign}(w)", "J̃(w; X, y) = α sign(w)"),
        (r"w \leftarrow (1 - \eta \alpha) w", "w ← (1 - η α) w"),
        (r"\Omega{\theta} = ||w||_{1} = \sum_{i}|w_i|", "Ωθ = ‖w‖₁ = ∑ᵢ|wᵢ|"),
        (r"g(z) = max{0, z}", "g(z) = max(0, z)"),
        (r"\exp{x} = Ex(x) = 2^{1.44x}", "exp x = Ex(x) = 2^(1.44x)"),
        (r"\frac{\alpha}{2} (w - w_0)^{T}(w - w_0)", "(α/2) (w - w₀)ᵀ(w - w₀)"),
        (r"\nabla_{w}J(X, y; w)", "∇_w J(X, y; w)"),
        (r"f_{ReLU} = max(0, x)", "f_ReLU = max(0, x)"),
        (r"\frac{d}{dx}[\frac{1}{1+2^{-1.5x}}]", "(d/dx)[1/(1+2^(-1.5x))]"),
        (r"[...]", "[...]"),
        (r"x \in \mathbb{R}^{d}", "x ∈ ℝᵈ"),
        (r"a \cdot b \times c \leq d", "a · b × c ≤ d"),
        (r"\prod_{i=1}^{n} p_i", "∏ᵢ₌₁ⁿ pᵢ"),
        (r"\sigma(x)", "σ(x)"),
    ],
)
def test_latex_constructs_read_as_unicode(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_cases_environment_reads_on_one_line() -> None:
    latex = r"""output = \begin{cases}
              0, & \text{if } \sum_j(w_jx_j + b) \leq 0, \\
              1, & \text{if } \sum_j(w_jx_j + b) > 0
           \end{cases}"""
    assert latex_to_unicode(latex) == "output = { 0, if ∑ⱼ(wⱼxⱼ + b) ≤ 0; 1, if ∑ⱼ(wⱼxⱼ + b) > 0 }"


def test_ensemble_error_formula_is_readable() -> None:
    latex = (
        r"\mathbf{E}\left[\left(\frac{1}{k}\sum_{i=1}^k \eta_i\right)^2\right] = \frac{1}{k^2} "
        r"\mathbf{E}\left[\sum_{i=1}^k \eta_i^2 + \sum_{i \neq j} \eta_i \eta_j\right]"
    )
    assert latex_to_unicode(latex) == (
        "E[((1/k)∑ᵢ₌₁ᵏ ηᵢ)²] = (1/k²) E[∑ᵢ₌₁ᵏ ηᵢ² + ∑_(i ≠ j) ηᵢ ηⱼ]"
    )


def test_every_formula_in_the_sources_renders_without_latex_left() -> None:
    formulas = []
    for prefix in ("000", "001", "002", "003", "004"):
        text = _source(prefix)
        formulas += re.findall(r"\$\$(.+?)\$\$", text, re.S)
        formulas += re.findall(
            r"(?<!\$)\$(?!\$)([^$]+?)\$", re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)
        )
    assert len(formulas) > 80
    for formula in formulas:
        out = latex_to_unicode(formula)
        assert "\\" not in out, (formula, out)
        assert "{" not in out or "{ " in out, (formula, out)  # only the cases brace stays


@pytest.mark.parametrize("hostile", ["\\frac{", "}}}{{{", "x^", "\\begin{cases}", "$$", "\\"])
def test_broken_latex_never_raises(hostile: str) -> None:
    assert isinstance(latex_to_unicode(hostile), str)


# ---------------------------------------------------------------- markup per target


def test_discord_keeps_markdown_and_converts_math() -> None:
    out = render("**Bold** and *it* with $\\sigma(x)$ and `code`", "discord")
    assert out == "**Bold** and *it* with σ(x) and `code`"


def test_slack_uses_mrkdwn() -> None:
    md = "## Title\n**bold** *it* ~~gone~~ `a<b` [docs](https://x.org/?a=1&b=2)\n- item"
    assert render(md, "slack") == (
        "*Title*\n*bold* _it_ ~gone~ `a&lt;b` <https://x.org/?a=1&amp;b=2|docs>\n• item"
    )


def test_slack_fences_lose_their_language_tag() -> None:
    out = render("```python\nif a < b:\n    pass\n```", "slack")
    assert out == "```\nif a &lt; b:\n    pass\n```"


def test_text_target_drops_markers_and_indents_code() -> None:
    md = "# Head\n**bold** and _it_, see [docs](https://x.org)\n\n```python\nx = 1\n```"
    assert render(md, "text") == "Head\nbold and it, see docs (https://x.org)\n\n    x = 1"


def test_math_in_discord_cannot_become_markup() -> None:
    assert render("$f_{ReLU} * g_{ReLU}$", "discord") == "f\\_ReLU \\* g\\_ReLU"


def test_code_is_not_converted() -> None:
    md = "```\n$x$ **not bold** @everyone\n```"
    out = render(md, "discord")
    assert "$x$ **not bold**" in out
    assert not _pings(out, "discord")


def test_html_figure_tables_disappear() -> None:
    md = (
        "Before\n<table align='center'>\n  <tr>\n    <td align=\"center\">\n"
        '      <img src="img/mlp-1.png" alt= "Several nodes in a MLP." />\n    </td>\n'
        '  </tr>\n  <tr>\n    <td align="center"> Several nodes in a MLP.</td>\n  </tr>\n'
        "</table>\nAfter <b>bold</b>"
    )
    for target in TARGETS:
        out = render(md, target)
        assert "<" not in out.replace("&lt;", "") and "Several nodes" not in out
        assert out.startswith("Before") and out.endswith("After bold")


def test_html_link_becomes_a_link() -> None:
    md = (
        'Read <a href="https://arxiv.org/pdf/1710.05941.pdf">Searching for Activation Functions</a>'
    )
    assert render(md, "slack") == (
        "Read <https://arxiv.org/pdf/1710.05941.pdf|Searching for Activation Functions>"
    )


def test_markdown_image_becomes_a_figure_note() -> None:
    assert render("See ![the MLP](img/mlp.png).", "text") == "See (figure: the MLP)."


def test_real_source_renders_cleanly_for_every_target() -> None:
    text = _source("002")
    for target in TARGETS:
        out = render(text, target)
        assert "<img" not in out and "<table" not in out and "<details" not in out
        assert "\\frac" not in out and "$$" not in out
        assert "σ(z) = 1/(1+e⁻ᶻ)" in out


# ---------------------------------------------------------------- mentions and hostile input


def test_neutralise_mentions_per_target() -> None:
    assert neutralise_mentions("@everyone <@123> <@&9>", "discord") == (
        f"@{ZWJ}everyone <@{ZWJ}123> <@{ZWJ}&9>"
    )
    assert neutralise_mentions("<!channel> <@U1> @here", "slack") == (
        f"&lt;!channel&gt; &lt;@U1&gt; @{ZWJ}here"
    )
    assert neutralise_mentions("@everyone", "text") == "@everyone"


HOSTILE = [
    "@everyone look",
    "@everyone0 @herein",
    "@here",
    "<@123456789> <@!42> <@&77> <#1>",
    "<!channel> <!here> <!everyone> <@U123> <#C1> <!subteam^S1>",
    "[<!channel>](https://x.org) [x](https://a.b|<!here>)",
    "**@everyone**",
    "`@everyone` $@here$",
    "```\n@everyone\n<!channel>\n```",
    "x" * 10_000,
    "\x00\x01\x02\x1b[31mred\x7f\ud800 \u202eevil",
    "<script>alert(1)</script> & <b>",
    "*" * 5000 + "_" * 5000,
    "$" * 3000,
    "```" * 1000,
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_input_never_raises_or_pings(hostile: str, target: str) -> None:
    out = render(hostile, target)
    assert not _pings(out, target)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)
    for chunk in split_message(out, DISCORD_MESSAGE):
        assert len(chunk) <= DISCORD_MESSAGE


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_render_never_raises_and_never_pings(text: str) -> None:
    for target in TARGETS:
        assert not _pings(render(text, target), target)


# ---------------------------------------------------------------- splitting


def test_limits_are_the_platform_numbers() -> None:
    assert (DISCORD_MESSAGE, DISCORD_EMBED_DESCRIPTION, DISCORD_EMBED_TOTAL) == (2000, 4096, 6000)
    assert (SLACK_SECTION, SLACK_BLOCKS) == (3000, 50)


def test_short_text_is_one_chunk() -> None:
    assert split_message("hello", 100) == ["hello"]
    assert split_message("   \n", 100) == []


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    text = "a" * 30 + "\n\n" + "b" * 30
    assert split_message(text, 40) == ["a" * 30, "b" * 30]
    lines = "\n".join(["c" * 15] * 4)
    assert split_message(lines, 40) == ["\n".join(["c" * 15] * 2)] * 2
    words = " ".join(["dddd"] * 20)
    chunks = split_message(words, 25)
    assert all(chunk.split(" ") == ["dddd"] * len(chunk.split(" ")) for chunk in chunks)


def test_long_code_block_is_closed_and_reopened() -> None:
    code = "```python\n" + "\n".join(f"x{i} = {i}" for i in range(200)) + "\n```"
    chunks = split_message(code, 200)
    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.startswith("```python\n") and chunk.endswith("\n```")
        assert len(chunk) <= 200


def test_unclosed_fence_is_closed() -> None:
    chunks = split_message("intro\n```\ncode line\n" + "more\n" * 50, 100)
    assert all(len(FENCE_LINE.findall(chunk)) % 2 == 0 for chunk in chunks)


def test_word_split_never_starts_a_line_with_a_fence() -> None:
    text = " ".join(["word", "```", "more"] * 40)
    for chunk in split_message(text, 30):
        assert not FENCE_LINE.search(chunk)


def test_too_small_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        split_message("text", 5)


_pieces = st.sampled_from(
    ["word", "x" * 70, " ", "\n", "\n\n", "```", "```py\n", "\n```\n", "~~~\n", "@everyone", "$x$"]
)


@given(st.lists(st.one_of(_pieces, st.text(max_size=30)), max_size=60), st.integers(20, 300))
@settings(max_examples=300, deadline=None)
def test_split_keeps_content_limits_and_balanced_fences(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    chunks = split_message(text, limit)
    assert all(len(chunk) <= limit for chunk in chunks)
    assert all(len(FENCE_LINE.findall(chunk)) % 2 == 0 for chunk in chunks)
    assert _is_subsequence(_content(text), _content("\n".join(chunks)))


def test_split_of_rendered_source_fits_every_platform_limit() -> None:
    for target, limit in (("discord", DISCORD_MESSAGE), ("slack", SLACK_SECTION)):
        rendered = render(_source("002"), target)
        chunks = split_message(rendered, limit)
        assert all(len(chunk) <= limit for chunk in chunks)
        assert _non_space("".join(chunks)) == _non_space(rendered)


TABLE = """The approximation is close:

| x | σ(x) | **approx** |
|---|---|---|
| 0.0 | 0.5000 | 0.5000 |
| $x_0$ | 0.7291 | 0.7368 |

That is all."""


@pytest.mark.parametrize("target", ["discord", "slack", "text"])
def test_markdown_tables_are_aligned_monospace_not_raw_pipes(target: str) -> None:
    out = render(TABLE, target)  # type: ignore[arg-type]
    assert "|" not in out
    assert "x    σ(x)    approx" in out
    assert "0.0  0.5000  0.5000" in out
    assert "x₀   0.7291  0.7368" in out
    assert "That is all." in out
    if target != "text":
        assert "```\nx    σ(x)" in out


def test_a_pipe_in_prose_is_not_a_table() -> None:
    assert "a | b" in render("choose a | b, not both", "text")


def test_subscripts_keep_one_style_within_a_passage() -> None:
    mixed = render("$h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t)$ and $y_t = W_{hy} h_t$", "text")
    assert "W_hh" in mixed and "W_hy" in mixed and "ₕ" not in mixed
    assert "Wₕₕ" in render("$W_{hh} h_{t-1}$", "text")


def test_double_bars_are_the_norm_sign() -> None:
    assert render("$\\lambda ||w||^2$", "discord") == "λ ‖w‖²"


@pytest.mark.parametrize(
    ("name", "text", "slack", "discord"),
    [
        ("john_doe", "john_doe", "john_\u200bdoe", "john\\_doe"),
        ("(team)", "(team)", "(team)", "\\(team\\)"),
        ("**Ann** [x](http://a.example)", "**Ann** [x](http://a.example)", None, None),
        ("\\(x^2\\)", "\\(x^2\\)", "\\(x^2\\)", "\\\\\\(x^2\\\\\\)"),
    ],
)
def test_quoted_user_text_shows_as_typed_on_every_platform(
    name: str, text: str, slack: str | None, discord: str | None
) -> None:
    said = f"1. {quote(name, 60)}: 3 right"
    assert render(said, "text") == f"1. {text}: 3 right"  # no backslashes, no LaTeX
    rendered = render(said, "slack")
    if slack is not None:
        assert rendered == f"1. {slack}: 3 right"
    assert "\\_" not in rendered and "<http" not in rendered and "*Ann*" not in rendered
    shown = render(said, "discord")
    if discord is not None:
        assert shown == f"1. {discord}: 3 right"
    assert "](" not in shown.replace("\\](", "").replace("]\\(", "")  # no link formed


def test_bank_latex_in_parentheses_still_renders() -> None:
    assert render("weights \\(w^2\\) here", "text") == "weights w² here"
