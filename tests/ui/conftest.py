"""Fixtures for the app's Pilot tests: a tiny bundled-corpus folder in place of corpora/
and models/. The helpers the tests share are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import write_bundle


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the project's corpora/ and models/: two tiny corpora, no runs.

    The real bundled corpora are not used, so listings and snapshots do not change
    when they do (helpers.write_bundle says what is in it).
    """
    import lstm_tui.paths as paths

    corpora, models = write_bundle(tmp_path / "bundle")
    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: corpora)
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: models)
    return tmp_path / "bundle"
