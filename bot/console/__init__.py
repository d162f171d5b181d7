"""The terminal drill: one local channel in a terminal, the embedded default of `python -m bot`."""
