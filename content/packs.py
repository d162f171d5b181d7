"""Question packs: a team's own questions, as a YAML file or a folder of them.

A pack file is either the bank's schema (content/schema.py: prompt, topic, difficulty, reviewed
answer and key points, an optional checker of any kind) or the simple form, for people who do
not write schemas:

    name: ours                # optional: the file's (or folder's) name otherwise
    topic: nlp                # optional: the topic of questions that give none (default advanced)
    questions:
      - question: What does a tokenizer do?
        answer: It splits text into the units a model reads.
        key_points:
          - splits text into tokens
          - maps tokens to ids

Every question gets the id `<pack>:<id>` (the id given, or a slug of the question), so no pack
question can take a bank id: bank ids are slugs, which never hold a colon. Problems are reported
one per line as `<file>:<line>: <what is wrong>` so a person can find and fix each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from content.schema import SLUG, TOPICS, Question
from content.search import tokens

MAX_BYTES = 512_000
MAX_QUESTIONS = 1_000
NAME_LIMIT = 40
BUILTIN = "builtin"
PACK_KEYS = ("name", "topic", "difficulty", "questions")
SIMPLE_KEYS = ("question", "answer", "key_points", "topic", "difficulty", "id", "checker", "links")
DEFAULT_TOPIC = "advanced"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Pack:
    """A validated pack: its name and its questions, ids already namespaced."""

    name: str
    questions: tuple[Question, ...]


class PackError(ValueError):
    """A pack that does not validate; `problems` has one line per problem, with its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def valid_name(name: str) -> str | None:
    """What is wrong with a pack name, or None."""
    if name == BUILTIN:
        return f"the name {BUILTIN!r} is the built-in bank's"
    if not SLUG.match(name) or len(name) > NAME_LIMIT:
        return f"the pack name {name!r} must be lowercase words joined by '-', at most {NAME_LIMIT}"
    return None


def slug_of(text: str, limit: int = 60) -> str:
    """An id made from a question's words."""
    words: list[str] = []
    for word in tokens(text):
        if len("-".join([*words, word])) > limit:
            break
        words.append(word)
    return "-".join(words) or "question"


def _decode(raw: bytes | str, where: str) -> str:
    if isinstance(raw, str):
        text = raw
    else:
        if b"\x00" in raw:
            raise PackError([f"{where}:1: this is a binary file, not a YAML pack"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise PackError([f"{where}:{line}: not UTF-8 text (save the file as UTF-8)"]) from None
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PackError([f"{where}:1: the file is over {MAX_BYTES // 1000} kB; split the pack"])
    return text


def _compose(text: str, where: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or err.context or "it does not parse"
        raise PackError([f"{where}:{line}: not valid YAML: {what}"]) from None
    except yaml.YAMLError as err:
        raise PackError([f"{where}:1: not valid YAML: {err}"]) from None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _line_of(node: yaml.Node, path: tuple[str | int, ...]) -> int:
    """The line of the deepest node the path reaches."""
    for key in path:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return _line(node)


def _simple(item: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """A simple-form question in the bank's schema."""
    data = {k: v for k, v in item.items() if k not in ("question", "answer", "key_points")}
    data["prompt"] = item["question"]
    data["reviewed"] = {"answer": item.get("answer"), "key_points": item.get("key_points", [])}
    return {**defaults, **data}


def _shape_problems(item: Any, simple: bool) -> list[tuple[str, str]]:
    """Mistakes of the simple form, as (key, message), in its own words (pydantic's would name
    the schema's fields)."""
    if not isinstance(item, dict):
        return [
            ("", "is not a question: start it with `question:` (then `answer:`, `key_points:`)")
        ]
    if not simple and "prompt" not in item:
        return [("", "has no `question:` line")]
    if simple and "prompt" in item:
        return [("prompt", "has both `question:` and `prompt:`: keep one")]
    if not simple:
        return []
    found: list[tuple[str, str]] = []
    for key in item:
        if key not in SIMPLE_KEYS:
            found.append((key, f"unknown key `{key}:` (a question takes {', '.join(SIMPLE_KEYS)})"))
    if not isinstance(item.get("question"), str) or not item["question"].strip():
        found.append(("question", "the question is empty"))
    answer = item.get("answer")
    if answer is None:
        found.append(("", "has no `answer:`"))
    elif not isinstance(answer, str) or not answer.strip():
        found.append(("answer", "the answer is empty"))
    points = item.get("key_points", [])
    if not isinstance(points, list):
        found.append(("key_points", "key_points must be a list: one `- point` per line under it"))
    elif not all(isinstance(p, str) and p.strip() for p in points):
        found.append(("key_points", "every key point must be some text"))
    return found


def _schema_message(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"])
    if where == "topic":
        message = f"unknown topic; topics are: {', '.join(TOPICS)}"
    return f"{where}: {message}" if where else message


def parse_pack(raw: bytes | str, name: str, where: str) -> Pack:
    """Validate one pack file (already read) under a name; raise PackError with every problem."""
    text = _decode(raw, where)
    root = _compose(text, where)
    if root is None:
        raise PackError([f"{where}:1: the file is empty: list questions under `questions:`"])
    data = yaml.safe_load(text)
    problems: list[str] = []
    if isinstance(data, list):
        data, items_node = {"questions": data}, root
    elif isinstance(data, dict):
        items_node = _child(root, "questions") or root
        for key in data:
            if key not in PACK_KEYS:
                line = _line_of(root, (key,))
                problems.append(
                    f"{where}:{line}: unknown key `{key}:` (a pack takes {', '.join(PACK_KEYS)})"
                )
    else:
        raise PackError([f"{where}:1: a pack is a list of questions under `questions:`"])
    name = str(data["name"]) if data.get("name") else slug_of(name, NAME_LIMIT)
    bad_name = valid_name(name)
    if bad_name:
        problems.append(f"{where}:{_line_of(root, ('name',))}: {bad_name}")
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        line = _line_of(root, ("questions",))
        raise PackError([*problems, f"{where}:{line}: no questions: list them under `questions:`"])
    if len(items) > MAX_QUESTIONS:
        problems.append(f"{where}:1: {len(items)} questions; a pack holds at most {MAX_QUESTIONS}")
        raise PackError(problems)
    defaults = {"topic": data.get("topic") or DEFAULT_TOPIC}
    if data.get("difficulty"):
        defaults["difficulty"] = data["difficulty"]
    questions: list[tuple[int, Question]] = []
    for n, item in enumerate(items, start=1):
        node = _child(items_node, n - 1) or items_node
        line = _line(node)
        simple = isinstance(item, dict) and "question" in item
        shape = _shape_problems(item, simple)
        if shape:
            problems.extend(
                f"{where}:{_line_of(node, (key,)) if key else line}: question {n}: {message}"
                for key, message in shape
            )
            continue
        local = item.get("id") or slug_of(item["question"] if simple else item["prompt"])
        data_item = _simple(item, defaults) if simple else {**defaults, **item}
        data_item["id"] = local
        data_item.setdefault(
            "sources", [{"source": f"pack:{name}", "line": line, "question": data_item["prompt"]}]
        )
        try:
            question = Question.model_validate(data_item)
        except ValidationError as err:
            for error in err.errors():
                loc = tuple(error["loc"])
                if simple and loc[:1] == ("prompt",):
                    loc = ("question", *loc[1:])
                if simple and loc[:1] == ("reviewed",):
                    loc = loc[1:]
                at = _line_of(node, loc)
                problems.append(f"{where}:{at}: question {n}: {_schema_message(error)}")
            continue
        questions.append((line, question))
    problems.extend(_duplicate_ids(questions, where))
    if not problems:
        problems.extend(_content_problems(questions, where))
    if problems:
        raise PackError(problems)
    named = tuple(q.model_copy(update={"id": f"{name}:{q.id}"}) for _, q in questions)
    return Pack(name, named)


def _duplicate_ids(questions: list[tuple[int, Question]], where: str) -> list[str]:
    first: dict[str, int] = {}
    found: list[str] = []
    for line, question in questions:
        if question.id in first:
            found.append(
                f"{where}:{line}: id {question.id!r} is also on line {first[question.id]}:"
                " give one of them its own `id:`"
            )
        first.setdefault(question.id, line)
    return found


def _content_problems(questions: list[tuple[int, Question]], where: str) -> list[str]:
    """The bank's own content rules (content/lint.py), each problem put on its question's line."""
    from content.bank import Bank
    from content.checkers import validate
    from content.lint import problems

    lines = {q.id: line for line, q in questions}
    found = problems(Bank(q for _, q in questions), validate, sources=None)
    placed: list[str] = []
    for problem in found:
        qid, _, message = problem.partition(": ")
        placed.append(f"{where}:{lines.get(qid, 1)}: question {qid!r}: {message}")
    return placed


def read_pack(path: Path) -> Pack:
    """A pack from a YAML file, or from a folder of them (named after the folder)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise PackError([f"{path}: no .yaml files in this folder"])
        parts: list[Pack] = []
        problems: list[str] = []
        for file in files:
            try:
                parts.append(parse_pack(file.read_bytes(), path.name, str(file)))
            except PackError as err:
                problems.extend(err.problems)
        if problems:
            raise PackError(problems)
        merged = tuple(q for part in parts for q in part.questions)
        ids = [q.id for q in merged]
        repeated = sorted({qid for qid in ids if ids.count(qid) > 1})
        if repeated:
            raise PackError([f"{path}: id {qid!r} is in two files" for qid in repeated])
        return Pack(path.name, merged)
    if not path.is_file():
        raise PackError([f"{path}: no such file or folder"])
    return parse_pack(path.read_bytes(), path.stem, str(path))


def load_packs(directory: Path) -> dict[str, Pack]:
    """Every pack in a directory (COACH_PACKS): each .yaml file and each folder is one."""
    packs: dict[str, Pack] = {}
    problems: list[str] = []
    entries = sorted(directory.iterdir()) if directory.is_dir() else []
    for entry in entries:
        if entry.name.startswith(".") or not (entry.is_dir() or entry.suffix in SUFFIXES):
            continue
        try:
            pack = read_pack(entry)
        except PackError as err:
            problems.extend(err.problems)
            continue
        if pack.name in packs:
            problems.append(f"{entry}: a second pack named {pack.name!r}")
        packs[pack.name] = pack
    if problems:
        raise PackError(problems)
    return packs


def lint_pack(path: Path) -> list[str]:
    """Every problem in a pack file or folder, one line each; [] when it is ready to load."""
    try:
        read_pack(path)
    except PackError as err:
        return err.problems
    return []
