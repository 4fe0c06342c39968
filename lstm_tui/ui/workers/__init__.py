"""The app's thread work: train, sample, morph, inspect, score (the base model's
zero-shot figures for the Train pane's chart) and baseline (the corpus's n-gram, fitted
into the cache before training asks for it).

Each is a plain function that a pane or screen starts with `@work(thread=True)`. It
never touches a widget: it only posts messages (lstm_tui.ui.messages) and checks a
cancellation flag. It imports only messages, the core and morph (tests/test_layering.py).
"""
