"""The Textual app over the lstm-tui core.

    app.py          LstmTuiApp: layout, key bindings, and the routing between panes
    app.tcss        every pane's CSS (reusable widgets keep their own DEFAULT_CSS)
    messages.py     every message: posted by workers and panes, routed by the app
    palette.py      the command palette's actions (Ctrl+P)
    help.py         the help screen (F1)
    threads.py      torch's thread count while the app runs
    corpus_card.py  what the Corpus pane shows of one corpus, bibliography included
    sample_settings.py  the Sample pane's number fields, parsed and validated
    saved_runs.py   the saved runs a model picker offers
    morph_export.py the Morphemes pane's tables and keyness written to files
    app_settings.py what settings.toml's values mean at launch, gathered again at quit
    replay.py       the replay screen: a run's previews as a timeline with its losses
    dialogs.py      yes/no and new-name dialogs (the Runs pane's delete and rename)
    panes/          corpus, train, sample, morphemes, inspect, runs: one tab each
    widgets/        live strip, loss chart, curves chart, slider, stream view, train form,
                    start-from pickers (resume / from), run view (the Train pane's live run)
    morphemes/      the Morphemes pane's screens: KWIC, keyness, collocations
    inspect/        the Inspect pane's parts: colouring, coloured text view, cursor
                    detail, cell list, HTML export
    workers/        train, sample, morph, inspect, score, baseline: the thread work, which only
                    posts messages

Messages up, methods down: a worker or pane posts a message; the app calls methods
of the panes it concerns. No pane calls another, and no worker touches a widget.
"""
