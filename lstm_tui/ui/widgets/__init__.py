"""Widgets the panes are built from; none knows about any pane."""
