"""The app's thread work, one module per pane that needs one: train, sample, morph, inspect.

Each is a plain function that a pane starts with `@work(thread=True)`. It never touches
a widget: it only posts messages (lstm_tui.ui.messages) and checks a cancellation flag.
"""
