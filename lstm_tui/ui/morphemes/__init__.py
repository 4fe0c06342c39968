"""The Morphemes pane's screens: what a corpus linguist opens from a frequency table.

    kwic.py          KwicScreen: a word in context, corpus | generated, sortable; the sentence
    collocations.py  CollocationsScreen: the words near a word, ranked by logDice
    keyness.py       KeynessScreen: key words of the corpus against the model or a second corpus

Each screen starts its worker (workers/morph.py) on mount; the worker posts one
message back (KwicReady, CollocationsReady, KeynessReady) and the screen fills itself.
"""
