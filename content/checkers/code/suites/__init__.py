"""Our tests for the code questions, one file per suite, run only inside the sandbox."""
