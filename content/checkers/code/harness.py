"""Runs inside the sandbox (standard library and NumPy only): the person's code, then our tests.

Input on stdin: a line with a nonce, a line with the JSON list of directories to import NumPy
from (both written by the runner), then a JSON object (testlib, testlib_name, suite, code). Output:
one line per test, `<nonce> {"test": name, "ok": bool, "message": str}`, then
`<nonce> {"done": n}`; a code that fails to load gives `<nonce> {"load_error": message}`.
The person's own prints go to a small buffer that is thrown away, so they cannot mix with results.
"""

import io
import json
import os
import sys
import traceback
import types

_MESSAGE_CHARS = 300


class _Sink(io.TextIOBase):
    """Swallows what the person's code prints (bounded: it keeps nothing)."""

    def writable(self):
        return True

    def write(self, text):
        return len(text)


def _where(error):
    """The line of the person's code an error came from, when it came from there."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "answer.py"]
    return f" (line {frames[-1].lineno} of your code)" if frames else ""


def _message(error):
    if isinstance(error, AssertionError) and str(error):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    return (text + _where(error))[:_MESSAGE_CHARS]


def _module(name, source, filename, namespace=None):
    module = types.ModuleType(name)
    if namespace:
        module.__dict__.update(namespace)
    exec(
        compile(source, filename, "exec"), module.__dict__
    )  # confined: this file only runs in the sandbox
    return module


def main():
    nonce = sys.stdin.buffer.readline().decode().strip()
    sys.path[:0] = json.loads(sys.stdin.buffer.readline())  # where the runner put NumPy
    payload = json.loads(sys.stdin.buffer.read())
    results = os.fdopen(os.dup(1), "w", buffering=1)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = _Sink()

    def emit(record):
        results.write(f"{nonce} {json.dumps(record)}\n")
        results.flush()

    parts = payload["testlib_name"].split(".")
    for depth in range(1, len(parts)):
        sys.modules.setdefault(".".join(parts[:depth]), types.ModuleType(".".join(parts[:depth])))
    testlib = _module(payload["testlib_name"], payload["testlib"], "testlib.py")
    sys.modules[payload["testlib_name"]] = testlib
    try:
        answer = _module("answer", payload["code"], "answer.py")
    except BaseException as error:  # anything the person's code raises, SystemExit included
        emit({"load_error": _message(error)})
        return
    _module("suite", payload["suite"], "suite.py")
    for name, test in testlib.TESTS:
        try:
            test(answer)
        except BaseException as error:
            emit({"test": name, "ok": False, "message": _message(error)})
        else:
            emit({"test": name, "ok": True, "message": ""})
    emit({"done": len(testlib.TESTS)})


if __name__ == "__main__":
    main()
