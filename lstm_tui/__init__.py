"""lstm-tui: a terminal playground for character-level LSTM language models."""

__version__ = "0.1.0"
