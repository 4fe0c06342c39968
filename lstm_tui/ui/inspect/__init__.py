"""The Inspect pane's parts: colouring, the coloured text view, the cursor detail,
the cell list and the HTML export (panes/inspect.py puts them together)."""
