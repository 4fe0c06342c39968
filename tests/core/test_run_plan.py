"""Planning a training start (core/run_plan.py): the one home of new, fine-tune,
resume and extend, used by `lstm-tui train` and the Train pane's worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_tui.core.config import finetune_lr
from lstm_tui.core.run_names import bundled_label, new_run_folder
from lstm_tui.core.run_plan import default_start, language_of, plan_run
from lstm_tui.errors import UserError
from tests.conftest import TINY_EN, TINY_JA

TINY = {"hidden": 12, "embed": 8, "seq_len": 8, "batch_size": 4, "steps": 3, "threads": 1}


def _file(tmp_path: Path, text: str, name: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_language_and_default_start() -> None:
    assert language_of(TINY_JA) == "ja" and language_of(TINY_EN) == "en"
    assert default_start("ja") == "base-ja"  # the bundled base
    assert default_start("en") == "scratch"  # no English base yet


def test_a_japanese_text_fine_tunes_the_base_by_default(tmp_path: Path) -> None:
    corpus = _file(tmp_path, TINY_JA + "🦊🦊\n", "ja.txt")
    plan = plan_run(corpus, tmp_path / "models")
    assert plan.kind == "fine-tune" and plan.start is not None and plan.start.name == "base-ja"
    assert plan.config.lr == finetune_lr(len(plan.corpus.text)) and plan.config.time_limit == 60.0
    assert plan.config.hidden == plan.start.config.hidden  # the base's architecture
    assert "🦊" in plan.start.added and "🦊" in plan.corpus.vocab
    assert plan.config.batch_size * plan.config.seq_len * 2 <= len(plan.corpus.train)  # fitted to a short text
    assert plan.corpus.vocab is plan.start.vocab
    assert "added" in (plan.start_line() or "")


def test_scratch_english_and_explicit_scratch(tmp_path: Path) -> None:
    en = plan_run(_file(tmp_path, TINY_EN, "en.txt"), tmp_path / "models", changes=TINY)
    ja = plan_run(_file(tmp_path, TINY_JA, "ja.txt"), tmp_path / "models", changes=TINY, start_from="scratch")
    for plan in (en, ja):
        assert plan.kind == "new" and plan.start is None and plan.config.hidden == 12
        assert plan.out.parent == tmp_path / "models"


def test_from_a_saved_run_then_resume_and_extend_it(tmp_path: Path) -> None:
    corpus = _file(tmp_path, TINY_EN, "en.txt")
    parent = plan_run(corpus, tmp_path, changes=TINY, out=tmp_path / "parent")
    parent.trainer().run()
    child = plan_run(corpus, tmp_path, start_from=str(tmp_path / "parent"), out=tmp_path / "child",
                     changes={**TINY, "hidden": None, "embed": None})  # fmt: skip
    assert child.kind == "fine-tune" and child.start is not None and child.start.name == "parent"
    assert child.config.hidden == 12
    child.trainer().run()
    extend = plan_run(None, tmp_path, resume=tmp_path / "child", changes={"steps": 2})
    assert extend.kind == "extend" and extend.resume is not None and extend.resume.parent["name"] == "parent"
    with pytest.raises(UserError, match="already finished its budget"):
        plan_run(None, tmp_path, resume=tmp_path / "child")  # finished: nothing to resume to


def test_what_cannot_go_together(tmp_path: Path) -> None:
    ja = _file(tmp_path, TINY_JA, "ja.txt")
    with pytest.raises(UserError, match="--hidden.*keeps its architecture.*--from scratch"):
        plan_run(ja, tmp_path, changes={"hidden": 64})
    with pytest.raises(UserError, match="seed preset trains from scratch"):
        plan_run(ja, tmp_path, preset="seed")
    with pytest.raises(UserError, match="cannot go with --resume"):
        plan_run(ja, tmp_path, resume=tmp_path / "nothing", start_from="scratch")
    with pytest.raises(UserError):
        plan_run(ja, tmp_path, start_from=str(tmp_path / "no-such-run"))


def test_new_run_folders_never_collide(tmp_path: Path) -> None:
    first = new_run_folder(tmp_path, "c")
    first.mkdir()
    second = new_run_folder(tmp_path, "c")
    assert second != first and second.name.startswith(first.name)


def test_a_bundled_base_is_listed_as_pretrained_and_other_bundled_runs_as_demos() -> None:
    assert bundled_label("base-ja") == "base-ja (pretrained)"
    assert bundled_label("demo-ja-soseki") == "demo-ja-soseki (demo)"


def test_a_fine_tuned_run_stopped_and_resumed_ends_on_the_uninterrupted_weights(tmp_path: Path) -> None:
    import torch

    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.events import Progress

    corpus = _file(tmp_path, TINY_EN, "en.txt")
    plan_run(corpus, tmp_path, changes=TINY, out=tmp_path / "parent").trainer().run()
    child = {**TINY, "hidden": None, "embed": None, "steps": 12, "precision": "fp32", "eval_every_s": 1e9}

    def fine_tune(out: Path, stop_at: int | None) -> None:
        trainer = plan_run(corpus, tmp_path, changes=child, out=out, start_from=str(tmp_path / "parent")).trainer()
        for event in trainer.events():
            if isinstance(event, Progress) and event.step == stop_at:
                trainer.stop()

    fine_tune(tmp_path / "straight", None)
    fine_tune(tmp_path / "stopped", 5)
    resumed = plan_run(None, tmp_path, resume=tmp_path / "stopped")
    assert resumed.kind == "resume"
    resumed.trainer().run()
    a = load_run(tmp_path / "straight", weights="last").model.state_dict()
    b = load_run(tmp_path / "stopped", weights="last").model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
