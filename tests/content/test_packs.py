"""Question packs: every mistake a person can make gets its message and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.bank import load_bank
from content.cli import main
from content.packs import MAX_BYTES, MAX_QUESTIONS, PackError, load_packs, parse_pack, read_pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "packs" / "ours.yaml"
GOOD = """\
questions:
  - question: What is a token?
    answer: A unit of text.
    key_points: [a unit of text]
"""


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, "ours", "p.yaml")
    return caught.value.problems


def one_problem(text: str | bytes) -> str:
    [problem] = problems_of(text)
    return problem


def test_the_simple_form_loads_with_namespaced_ids_and_pack_defaults() -> None:
    pack = parse_pack(
        "name: team\ntopic: nlp\ndifficulty: hard\n" + GOOD.replace("questions:\n", "questions:\n"),
        "file-name",
        "p.yaml",
    )
    [q] = pack.questions
    assert pack.name == "team"
    assert q.id == "team:what-is-a-token" and q.topic == "nlp" and q.difficulty == "hard"
    assert q.reviewed is not None and q.reviewed.key_points == ["a unit of text"]
    assert q.sources[0].source == "pack:team" and q.sources[0].line == 5
    assert q.schedulable


def test_a_pack_named_after_its_file_and_a_bare_list_of_questions() -> None:
    bare = "- question: What is a token?\n  answer: A unit of text.\n"
    pack = parse_pack(bare, "My_Pack", "p.yaml")
    assert pack.name == "my-pack" and pack.questions[0].topic == "advanced"


def test_the_bank_schema_loads_with_its_checker() -> None:
    pack = parse_pack(
        "questions:\n- id: half\n  topic: optimisation\n  prompt: What is 1/2?\n"
        "  reviewed: {answer: '0.5', key_points: [half]}\n"
        "  checker: {kind: numeric, spec: {value: 0.5, abs_tol: 0.01}}\n",
        "ours",
        "p.yaml",
    )
    [q] = pack.questions
    assert q.id == "ours:half" and q.checker is not None and q.checker.kind == "numeric"


def test_pack_ids_never_collide_with_bank_ids() -> None:
    bank_ids = {q.id for q in load_bank().questions}
    pack = read_pack(EXAMPLE)
    assert all(":" in q.id for q in pack.questions) and not bank_ids & {
        q.id for q in pack.questions
    }
    assert all(":" not in qid for qid in bank_ids)


def test_the_example_pack_that_ships_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--pack", str(EXAMPLE)]) == 0
    assert "pack 'ours', 3 questions, no problems" in capsys.readouterr().out


def test_lint_prints_each_problem_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - question: Why?\n    key_points: [x]\n")
    assert main(["lint", "--pack", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:2: question 1: has no `answer:`" in out
    assert "1 problems: the pack does not load" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"questions:\x00\x01", "p.yaml:1: this is a binary file, not a YAML pack"),
        (
            b"questions:\n  - question: caf\xe9\n",
            "p.yaml:2: not UTF-8 text (save the file as UTF-8)",
        ),
        ("questions:\n  - question: [unclosed\n", "p.yaml:3: not valid YAML"),
        ("", "p.yaml:1: the file is empty: list questions under `questions:`"),
        ("just a sentence", "p.yaml:1: a pack is a list of questions under `questions:`"),
        ("questions: []\n", "p.yaml:1: no questions: list them under `questions:`"),
        ("questions: nope\n", "p.yaml:1: no questions: list them under `questions:`"),
        ("title: x\n" + GOOD, "p.yaml:1: unknown key `title:` (a pack takes name, topic,"),
        ("name: Our Pack\n" + GOOD, "p.yaml:1: the pack name 'Our Pack' must be lowercase"),
        ("name: builtin\n" + GOOD, "p.yaml:1: the name 'builtin' is the built-in bank's"),
        ("questions:\n  - just text\n", "p.yaml:2: question 1: is not a question: start it with"),
        ("questions:\n  - answer: x\n", "p.yaml:2: question 1: has no `question:` line"),
        (
            GOOD + "    prompt: Also?\n",
            "p.yaml:5: question 1: has both `question:` and `prompt:`: keep one",
        ),
        (GOOD + "    hint: x\n", "p.yaml:5: question 1: unknown key `hint:` (a question takes"),
        (GOOD.replace("What is a token?", "''"), "p.yaml:2: question 1: the question is empty"),
        (
            "questions:\n  - question: Why?\n    key_points: [x]\n",
            "p.yaml:2: question 1: has no `answer:`",
        ),
        (GOOD.replace("A unit of text.", "''"), "p.yaml:3: question 1: the answer is empty"),
        (
            GOOD.replace("[a unit of text]", "a, b"),
            "p.yaml:4: question 1: key_points must be a list: one `- point` per line under it",
        ),
        (
            GOOD.replace("[a unit of text]", "[ok, '']"),
            "p.yaml:4: question 1: every key point must be some text",
        ),
        (GOOD + "    topic: cooking\n", "p.yaml:5: question 1: topic: unknown topic; topics are:"),
        (GOOD + "    difficulty: brutal\n", "p.yaml:5: question 1: difficulty: Input should be"),
        (GOOD + "    id: Not A Slug\n", "p.yaml:5: question 1: id: Value error, id 'Not A Slug'"),
        (
            GOOD + "    checker: {kind: numeric, spec: {}}\n",
            "p.yaml:2: question 'what-is-a-token': bad checker:",
        ),
        (
            GOOD + "    checker: {kind: telepathy}\n",
            "p.yaml:2: question 'what-is-a-token': bad checker:",
        ),
        (
            GOOD.replace("A unit of text.", "'<details>A unit</details>'"),
            "p.yaml:2: question 'what-is-a-token': HTML debris in reviewed answer",
        ),
        (
            GOOD.replace("A unit of text.", "It\u00e2\u20ac\u2122s a unit"),
            "p.yaml:2: question 'what-is-a-token': mojibake in reviewed answer",
        ),
        (
            "questions:\n  - prompt: Why?\n    topic: nlp\n",
            "p.yaml:2: question 'why': schedulable but has no reviewed answer",
        ),
        (
            GOOD + GOOD.split("\n", 1)[1],
            "p.yaml:5: id 'what-is-a-token' is also on line 2: give one of them its own `id:`",
        ),
    ],
)
def test_every_mistake_has_its_message_and_line(text: str | bytes, expected: str) -> None:
    problem = one_problem(text)
    assert problem.startswith(expected), problem


def test_a_huge_file_is_refused_before_parsing() -> None:
    assert one_problem("#" * (MAX_BYTES + 1)) == "p.yaml:1: the file is over 512 kB; split the pack"


def test_too_many_questions() -> None:
    item = "  - {question: 'Q%d', answer: A, key_points: [a]}\n"
    text = "questions:\n" + "".join(item % i for i in range(MAX_QUESTIONS + 1))
    assert (
        one_problem(text) == f"p.yaml:1: {MAX_QUESTIONS + 1} questions; a pack holds at most 1000"
    )


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    found = problems_of(
        "questions:\n  - question: A?\n  - question: B?\n    answer: b\n    topic: x\n"
    )
    assert [p.split(": question")[0] for p in found] == ["p.yaml:2", "p.yaml:5"]


def test_a_folder_is_one_pack_named_after_it(tmp_path: Path) -> None:
    folder = tmp_path / "team-pack"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD)
    (folder / "b.yml").write_text(GOOD.replace("token", "word"))
    (folder / "notes.txt").write_text("ignored")
    pack = read_pack(folder)
    assert pack.name == "team-pack"
    assert [q.id for q in pack.questions] == [
        "team-pack:what-is-a-token",
        "team-pack:what-is-a-word",
    ]


def test_folder_mistakes(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PackError, match="no .yaml files in this folder"):
        read_pack(empty)
    twice = tmp_path / "twice"
    twice.mkdir()
    (twice / "a.yaml").write_text(GOOD)
    (twice / "b.yaml").write_text(GOOD)
    with pytest.raises(PackError, match="id 'twice:what-is-a-token' is in two files"):
        read_pack(twice)
    with pytest.raises(PackError, match="no such file or folder"):
        read_pack(tmp_path / "missing.yaml")


def test_the_packs_directory_loads_each_pack_by_name(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(GOOD)
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "q.yaml").write_text(GOOD)
    (tmp_path / "README.md").write_text("not a pack")
    assert sorted(load_packs(tmp_path)) == ["ours", "theirs"]


def test_two_packs_of_one_name_in_the_directory_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: same\n" + GOOD)
    (tmp_path / "b.yaml").write_text("name: same\n" + GOOD)
    with pytest.raises(PackError, match="a second pack named 'same'"):
        load_packs(tmp_path)
