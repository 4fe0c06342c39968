"""Cache: memory and JSON disk levels keyed by sha256 and options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_tui.core.encoding import sha256_text
from lstm_tui.morph import cache as cache_mod
from lstm_tui.morph.cache import MorphCache
from lstm_tui.morph.frequency import FreqOptions

TEXT = "今日は楽しかったです。写真を撮ってくださいました！\n" * 3


def test_second_request_hits_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = MorphCache(tmp_path)
    first = c.table(TEXT, FreqOptions(pos="verb"))
    calls = []
    monkeypatch.setattr(cache_mod, "get_analyzer", lambda: calls.append(1))
    assert c.table(TEXT, FreqOptions(pos="verb")) is first
    assert c.table(TEXT, FreqOptions(pos="noun")).as_dict() == {"今日": 3, "写真": 3}
    assert not calls


def test_disk_cache_is_json_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    MorphCache(tmp_path).counts(TEXT)
    files = list(tmp_path.glob("morph-*.json"))
    assert len(files) == 1 and sha256_text(TEXT) in files[0].name
    json.loads(files[0].read_text(encoding="utf-8"))  # plain JSON, not pickle
    monkeypatch.setattr(cache_mod, "get_analyzer", lambda: pytest.fail("should not analyse"))
    fresh = MorphCache(tmp_path)
    assert fresh.table(TEXT, FreqOptions(pos="adjective")).as_dict() == {"楽しい": 3}


def test_corrupt_or_stale_file_is_ignored(tmp_path: Path) -> None:
    c = MorphCache(tmp_path)
    c.counts(TEXT)
    f = next(tmp_path.glob("morph-*.json"))
    f.write_text("{not json", encoding="utf-8")
    assert MorphCache(tmp_path).table(TEXT, FreqOptions(pos="adjective")).as_dict() == {"楽しい": 3}
    data = json.loads(f.read_text(encoding="utf-8"))
    data["tag"] = "old"
    data["morphemes"] = [["偽", "名詞", "普通名詞", "偽", 9]]
    f.write_text(json.dumps(data), encoding="utf-8")
    assert "偽" not in MorphCache(tmp_path).table(TEXT, FreqOptions(pos="noun")).as_dict()


def test_unwritable_folder_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    c = MorphCache(blocker / "cache")  # mkdir fails: the disk level is skipped
    assert c.table(TEXT, FreqOptions(pos="adjective")).as_dict() == {"楽しい": 3}


def test_files_are_pruned(tmp_path: Path) -> None:
    c = MorphCache(tmp_path, max_files=2)
    for i in range(4):
        c.counts(f"猫{i}")
    assert len(list(tmp_path.glob("morph-*.json"))) == 2


def test_default_folder_is_under_home(isolated_home: Path) -> None:
    assert MorphCache().folder == isolated_home / "cache"


def test_urls_are_not_counted_as_words() -> None:
    from lstm_tui.morph.cache import get_cache
    from lstm_tui.morph.frequency import FreqOptions

    table = get_cache().table("ライブの写真です https://example.com/live/photo 見てね", FreqOptions(pos="all", top=0))
    words = dict(table.rows)
    assert "写真" in words and "ライブ" in words
    assert not {"https", "example", "com", "live", "photo"} & set(words)


def test_token_streams_are_cached_on_disk_and_checked(tmp_path: Path) -> None:
    """A second cache (a new process) reads the token stream back instead of running MeCab."""
    from lstm_tui.morph import cache as cache_module

    text = "吾輩は猫である。\n名前はまだ無い。\n"
    first = cache_module.MorphCache(tmp_path)
    tok = first.tokens(text)
    assert list(tmp_path.glob("tokens-*.json"))
    second = cache_module.MorphCache(tmp_path)
    again = second.tokens(text)
    assert again.forms == tok.forms and list(again.starts) == list(tok.starts) and list(again.ids) == list(tok.ids)
    # a damaged file is ignored, never trusted
    for f in tmp_path.glob("tokens-*.json"):
        f.write_text("{not json", encoding="utf-8")
    third = cache_module.MorphCache(tmp_path)
    assert list(third.tokens(text).starts) == list(tok.starts)
