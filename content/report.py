"""The merge report: every merge group and every near miss, for a person to audit."""

from __future__ import annotations

from content.build import Built
from content.importers.base import RawItem


def _line(item: RawItem) -> str:
    words = " ".join(item.question.split())
    return f"`{item.source}:{item.line}` {words[:160]}"


def merge_report(built: Built) -> str:
    """Markdown listing merged groups, near misses, and totals."""
    items = built.items
    merged = {qid: g for qid, g in built.groups.items() if len(g) > 1}
    out = [
        "# Merge report",
        "",
        "Written by `python -m content build --report`. Each group below became one question;",
        "each near miss is a pair that was similar but not merged. Decisions that disagree with",
        "this go into `content/curation.yaml` (`merge:` or `apart:`).",
        "",
        f"- raw items: {len(items)}",
        f"- questions: {len(built.groups)}",
        f"- merged groups: {len(merged)} (covering {sum(len(g) for g in merged.values())} items)",
        f"- near misses: {len(built.merge.near_misses)}",
        "",
        "## Merge groups",
        "",
    ]
    for qid in sorted(merged):
        out.append(f"### {qid}")
        out.extend(f"- {_line(items[i])}" for i in sorted(merged[qid]))
        out.append("")
    out += ["## Near misses", ""]
    for pair in built.merge.near_misses:
        out.append(f"- {pair.score:.0f}: {_line(items[pair.a])}")
        out.append(f"  vs {_line(items[pair.b])}")
    return "\n".join(out) + "\n"
