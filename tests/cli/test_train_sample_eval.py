"""The train / sample / eval contract of DESIGN.md, end to end on a tiny corpus."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_tui.core.checkpoint import load_run
from tests.cli.helpers import cli_env, run_cli, run_main

TINY = ["--hidden", "32", "--embed", "8", "--seq-len", "16", "--batch-size", "4", "--threads", "1"]


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    tmp = tmp_path_factory.mktemp("cli")
    corpus = tmp / "tiny.txt"
    corpus.write_text("ROMEO: hello there, how are you?\nJULIET: very well, thank you.\n" * 60)
    out = tmp / "run"
    with pytest.MonkeyPatch.context() as mp:  # module scope: the per-test home is not set yet
        mp.setenv("LSTM_TUI_HOME", str(tmp / "home"))  # the n-gram cache goes there, not to ~
        proc = run_cli("train", "--corpus", str(corpus), "--steps", "40", "--json", "--out", str(out), *TINY)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    return corpus, out, events


def test_train_json_ends_with_finished(trained_run) -> None:
    _, out, events = trained_run
    last = events[-1]
    assert last["event"] == "finished"
    for key in ("step", "train_loss", "val_loss", "chars_per_s", "elapsed_s", "out", "test_loss", "best_val_loss"):
        assert key in last
    # test_loss is the hybrid's: on a text repeated 60 times the n-gram is nearly exact
    assert last["lstm_test_loss"] > 0 and last["test_loss"] >= 0 and last["best_step"] <= 40
    assert last["step"] == 40 and last["out"] == str(out)
    assert {"progress", "evaluated"} <= {e["event"] for e in events}
    assert (out / "model.safetensors").exists() and (out / "run.json").exists()


def test_sample_prints_prefix_and_length_and_repeats_with_seed(trained_run) -> None:
    _, out, _ = trained_run
    a = run_cli("sample", "--model", str(out), "--prefix", "ROMEO:", "--length", "60", "--seed", "1")
    b = run_cli("sample", "--model", str(out), "--prefix", "ROMEO:", "--length", "60", "--seed", "1")
    assert a.returncode == 0, a.stderr
    text = a.stdout.rstrip("\n")
    assert text.startswith("ROMEO:") and len(text) == len("ROMEO:") + 60
    assert a.stdout == b.stdout


def test_eval_reproduces_the_finished_losses(trained_run, capsys) -> None:
    """Same weights (the best), same splits, same precision: the same figures."""
    corpus, out, events = trained_run
    code, stdout, _ = run_main(capsys, "eval", "--model", str(out), "--corpus", str(corpus), "--json")
    assert code == 0
    result, finished = json.loads(stdout), events[-1]
    assert result["weights"] == "best"
    assert result["val_loss"] == pytest.approx(finished["best_val_loss"], abs=1e-6)
    assert result["test_loss"] == pytest.approx(finished["test_loss"], abs=1e-6)
    assert result["test_chars"] > 1 and result["val_chars"] > 1
    code, stdout, _ = run_main(
        capsys, "eval", "--model", str(out), "--corpus", str(corpus), "--json", "--weights", "last"
    )
    assert code == 0 and json.loads(stdout)["val_loss"] == pytest.approx(finished["val_loss"], abs=1e-6)


def test_every_loss_has_the_ngram_beside_it_and_eval_reproduces_the_hybrid(trained_run, capsys) -> None:
    corpus, out, events = trained_run
    finished = events[-1]
    lam = finished["hybrid_lambda"]
    assert lam is not None and 0.0 <= lam <= 1.0  # the default preset is a hybrid
    assert finished["ngram_order"] >= 1 and finished["ngram_val_loss"] >= 0 and finished["ngram_test_loss"] >= 0
    assert finished["lstm_test_loss"] > 0 and 0 <= finished["test_loss"] <= finished["lstm_test_loss"] + 1e-6
    code, stdout, _ = run_main(capsys, "baseline", "--corpus", str(corpus), "--json")
    baseline = json.loads(stdout)
    assert (finished["ngram_order"], finished["ngram_test_loss"]) == (baseline["order"], baseline["test_loss"])
    code, stdout, err = run_main(capsys, "eval", "--model", str(out), "--corpus", str(corpus), "--json")
    assert code == 0, err
    result = json.loads(stdout)
    for key in ("test_loss", "lstm_test_loss", "ngram_test_loss", "ngram_val_loss", "hybrid_lambda"):
        assert result[key] == pytest.approx(finished[key], abs=1e-6), key
    assert result["ngram_order"] == finished["ngram_order"]
    code, stdout, _ = run_main(capsys, "eval", "--model", str(out), "--corpus", str(corpus), "--json", "--pure")
    pure = json.loads(stdout)
    assert pure["test_loss"] == pytest.approx(finished["lstm_test_loss"], abs=1e-6) and pure["hybrid_lambda"] is None
    code, stdout, _ = run_main(capsys, "eval", "--model", str(out), "--corpus", str(corpus))
    assert code == 0 and f"vs {baseline['order']}-gram" in stdout and "hybrid (λ" in stdout


def test_sample_uses_the_hybrid_and_pure_the_lstm_alone(trained_run, capsys) -> None:
    _, out, _ = trained_run
    args = ("sample", "--model", str(out), "--prefix", "ROMEO:", "--length", "80", "--seed", "3")
    code, hybrid_text, err = run_main(capsys, *args)
    assert code == 0 and err == ""
    code, pure_text, _ = run_main(capsys, *args, "--pure")
    assert code == 0 and len(pure_text) == len(hybrid_text) == len("ROMEO:") + 80 + 1
    if json.loads((out / "run.json").read_text())["hybrid"]["lambda"] < 1.0:
        assert hybrid_text != pure_text


@pytest.mark.parametrize("command", ["freq", "kwic"])
def test_freq_and_kwic_models_sample_as_sample_does_pure_included(trained_run, capsys, command: str) -> None:
    """freq/kwic --model read the text `sample` writes with the same flags: the hybrid by
    default, the LSTM alone with --pure (one SamplingOptions from flag to sampler)."""
    from lstm_tui.cli import build_parser
    from lstm_tui.commands.run_args import model_sampling
    from lstm_tui.commands.texts import sample_run_text

    _, out, _ = trained_run
    for pure in ((), ("--pure",)):
        flags = ("--chars", "60", "--seed", "4", "--temperature", "0.9", *pure)
        extra = ("--word", "x") if command == "kwic" else ()
        args = build_parser().parse_args([command, "--model", str(out), *extra, *flags])
        options = model_sampling(args)
        assert options.pure == bool(pure) and options.length == 60
        sampled = sample_run_text(str(out), options)
        code, text, _ = run_main(capsys, "sample", "--model", str(out), "--length", "60", "--seed", "4",
                                 "--temperature", "0.9", *pure)  # fmt: skip
        assert code == 0 and text == sampled + "\n"


def test_a_hybrid_whose_corpus_is_gone_samples_the_lstm_with_a_notice(trained_run, tmp_path: Path, capsys) -> None:
    _, out, _ = trained_run
    moved = tmp_path / "moved"
    shutil.copytree(out, moved)
    meta = json.loads((moved / "run.json").read_text())
    meta["corpus"].update(path=str(tmp_path / "gone.txt"), name="gone-corpus")
    (moved / "run.json").write_text(json.dumps(meta))
    args = ("sample", "--model", str(moved), "--prefix", "ROMEO:", "--length", "40", "--seed", "3")
    code, text, err = run_main(capsys, *args)
    assert code == 0 and "Traceback" not in err
    assert err.count("\n") == 1 and "LSTM alone" in err and "gone" in err
    assert text == run_main(capsys, *args, "--pure")[1]


def test_train_no_hybrid_reports_the_lstm_with_the_ngram_beside_it(trained_run, tmp_path: Path) -> None:
    corpus, _, _ = trained_run
    out = tmp_path / "pure"
    proc = run_cli("train", "--corpus", str(corpus), "--steps", "5", "--no-hybrid", "--json", "--out", str(out), *TINY)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    finished = events[-1]
    assert finished["hybrid_lambda"] is None and finished["test_loss"] == finished["lstm_test_loss"]
    assert finished["ngram_test_loss"] >= 0
    assert [e["event"] for e in events].count("baseline") == 1
    assert json.loads((out / "run.json").read_text())["hybrid"] is None


def test_sigint_saves_exits_130_and_resume_continues(tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text("abcdefghij klmnop qrstuv wxyz.\n" * 200)
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lstm_tui",
            "train",
            "--corpus",
            str(corpus),
            "--steps",
            "1000000",
            "--json",
            "--out",
            str(out),
            *TINY,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    losses = []
    assert proc.stdout is not None
    for line in proc.stdout:
        event = json.loads(line)
        if event["event"] == "progress":
            losses.append(event)
            if event["step"] >= 80:
                break
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    saved = load_run(out).progress
    assert saved.step >= 80
    resumed = run_cli("train", "--resume", str(out), "--steps", "5", "--json", *TINY[-2:])
    assert resumed.returncode == 0, resumed.stderr
    first = next(json.loads(x) for x in resumed.stdout.splitlines() if '"progress"' in x)
    assert first["step"] == saved.step + 1
    # The curve continues where it stopped, not from an untrained model. (Batch losses
    # scatter with dropout; tests/core checks that resuming gives identical weights.)
    start, reached = losses[0]["train_loss"], saved.last_train_loss
    assert reached is not None and start - reached > 1.0
    assert abs(first["train_loss"] - reached) < 0.25 * (start - reached)
    assert load_run(out).progress.step == saved.step + 5


def test_cli_help_does_not_import_torch_or_textual() -> None:
    code = (
        "import sys\nfrom lstm_tui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "try:\n    main(['corpora'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('torch', 'textual') if m in sys.modules]\n"
        "print('IMPORTED', bad)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), timeout=60)
    assert "IMPORTED []" in proc.stdout, proc.stdout + proc.stderr


def test_python_dash_m_and_help() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    for command in ("corpora", "import", "train", "sample", "freq", "eval"):
        assert command in proc.stdout


def test_tied_output_layer_trains_samples_and_evaluates(trained_run, tmp_path: Path, capsys) -> None:
    corpus, _, _ = trained_run
    out = tmp_path / "tied"
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--steps", "5", "--tie", "--out", str(out), *TINY)
    assert code == 0, err
    run = load_run(out)
    assert run.config.tie and run.model.head is None  # scored against the embedding table
    code, stdout, _ = run_main(
        capsys, "sample", "--model", str(out), "--prefix", "ROMEO:", "--length", "20", "--seed", "1"
    )
    assert code == 0 and len(stdout.rstrip("\n")) == len("ROMEO:") + 20
    code, stdout, _ = run_main(capsys, "eval", "--model", str(out), "--corpus", str(corpus), "--json")
    assert code == 0 and json.loads(stdout)["val_loss"] > 0
