"""The four tabs: Corpus, Train, Sample, Morphemes. Each owns its widgets and its workers."""
