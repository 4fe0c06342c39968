"""The six tabs: Corpus, Train, Sample, Morphemes, Inspect, Runs. Each owns its widgets and its workers."""
