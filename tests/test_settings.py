"""settings.py: where the file lives, a round trip, and bad files that never raise."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_tui import settings as st
from lstm_tui.settings import Settings


def test_path_follows_lstm_tui_home(isolated_home: Path) -> None:
    assert st.settings_path() == isolated_home / "settings.toml"


def test_path_without_home_is_the_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_config_dir

    monkeypatch.delenv("LSTM_TUI_HOME")
    assert st.settings_path() == Path(user_config_dir("lstm-tui", appauthor=False)) / "settings.toml"


def test_missing_file_gives_defaults_without_a_problem() -> None:
    assert st.load() == (Settings(), None)


def test_round_trip_keeps_every_field_and_awkward_text(isolated_home: Path) -> None:
    chosen = Settings(
        corpus="ja-soseki",
        run=str(isolated_home / "models" / 'run "1"\\x'),
        temperature=0.35,
        prefix='こんにち\n"quoted"\t\\ \x07',
        length=321,
        top_k=7,
        theme="dracula",
    )
    path = st.save(chosen)
    assert path == isolated_home / "settings.toml"
    assert st.load() == (chosen, None)
    assert not list(isolated_home.glob(".*.tmp"))  # written atomically


def test_top_k_off_is_one_encoding_none_and_an_old_zero_reads_as_off(isolated_home: Path) -> None:
    st.save(Settings(top_k=None, length=10))
    assert "top_k" not in (isolated_home / "settings.toml").read_text(encoding="utf-8")
    (isolated_home / "settings.toml").write_text("top_k = 0\n", encoding="utf-8")  # what older versions wrote for off
    assert st.load() == (Settings(top_k=None), None)


def test_empty_prefix_is_remembered() -> None:
    st.save(Settings(prefix=""))
    assert st.load()[0].prefix == ""


@pytest.mark.parametrize(
    "content",
    [b"\x00\xff garbage \xfe", b"temperature = = 3\n[[[", b"\xef\xbb\xbf\xff\xfe", b"prefix = 'unterminated\n"],
)
def test_garbage_gives_defaults_and_one_line(isolated_home: Path, content: bytes) -> None:
    (isolated_home / "settings.toml").write_bytes(content)
    loaded, problem = st.load()
    assert loaded == Settings()
    assert problem is not None and "\n" not in problem and "settings.toml" in problem


def test_unreadable_file_is_a_problem_not_an_error(isolated_home: Path) -> None:
    (isolated_home / "settings.toml").mkdir()  # a folder where the file should be
    loaded, problem = st.load()
    assert loaded == Settings() and problem is not None and "cannot read" in problem


def test_bad_values_fall_back_one_by_one(isolated_home: Path) -> None:
    (isolated_home / "settings.toml").write_text(
        'corpus = "en-shakespeare"\ntemperature = 9.5\nlength = "many"\ntop_k = true\ntheme = 3\nprefix = "ab"\n',
        encoding="utf-8",
    )
    loaded, problem = st.load()
    assert problem is None
    assert loaded == Settings(corpus="en-shakespeare", prefix="ab")
