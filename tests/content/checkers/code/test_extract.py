"""Finding the code in a chat reply."""

from content.checkers.code.extract import code_in


def test_fenced_blocks_are_joined_and_the_words_around_them_dropped() -> None:
    reply = "First a helper:\n```python\ndef a():\n    return 1\n```\nthen\n```\nb = a()\n```"
    assert code_in(reply) == "def a():\n    return 1\n\nb = a()"


def test_a_block_left_open_runs_to_the_end() -> None:
    assert code_in("mine:\n```py\nimport numpy as np\nx = 1") == "import numpy as np\nx = 1"


def test_unfenced_python_counts_and_prose_does_not() -> None:
    assert code_in("import numpy as np\ndef f(x):\n    return x") is not None
    assert code_in("I would multiply by the mask and divide by p.") is None
    assert code_in("from the forward pass, import the mask\nclass of methods: def-free") is None
    assert code_in("```\n\n```") is None
