"""The learning rate is a pure function of (config, progress); restarts never jump."""

from __future__ import annotations

import dataclasses
import math

import pytest

from lstm_tui.core import schedule
from lstm_tui.core.config import preset
from lstm_tui.core.runfiles import RunProgress

CFG = preset("default").with_(lr=0.01, warmup_steps=10, min_lr_ratio=0.02)


def curve(cfg, progress: RunProgress, steps: int) -> list[float]:
    """The lr of each of the next `steps` steps, advancing a copy of progress."""
    p = dataclasses.replace(progress)
    out = []
    for _ in range(steps):
        out.append(schedule.get_lr(cfg, p))
        p.step += 1
    return out


def test_get_lr_is_a_pure_function_of_config_and_progress() -> None:
    p = RunProgress(step=40, budget_steps=100)
    assert schedule.get_lr(CFG, p) == schedule.get_lr(CFG, dataclasses.replace(p))
    assert p == RunProgress(step=40, budget_steps=100)  # and it changes nothing


def test_warm_up_then_cosine_to_the_floor() -> None:
    lrs = curve(CFG, RunProgress(budget_steps=100), 100)
    assert lrs[:10] == pytest.approx([0.001 * k for k in range(1, 11)])
    assert lrs[50] == pytest.approx(0.0002 + 0.0098 * 0.5 * (1 + math.cos(math.pi * 0.5)))
    assert all(b <= a for a, b in zip(lrs[10:], lrs[11:]))
    assert schedule.get_lr(CFG, RunProgress(step=100, budget_steps=100)) == pytest.approx(0.0002)


def test_time_budget_uses_elapsed_seconds_and_open_ended_runs_stay_at_lr() -> None:
    assert schedule.get_lr(CFG, RunProgress(step=50, elapsed_s=30.0, budget_s=60.0)) == pytest.approx(0.0051)
    assert schedule.get_lr(CFG, RunProgress(step=5000)) == 0.01


def test_step_schedule_halves_every_n_epochs() -> None:
    seed = preset("seed")
    assert schedule.get_lr(seed, RunProgress(step=10**6, epoch=99)) == 2.0
    assert schedule.get_lr(seed, RunProgress(step=10**6, epoch=250)) == 0.5


def test_restart_of_a_finished_run_climbs_gently_to_half_the_peak_and_anneals() -> None:
    p = RunProgress(step=100, elapsed_s=50.0, budget_steps=100)
    end_lr = schedule.get_lr(CFG, p)
    seg = schedule.restart(CFG, p, steps=100, time_limit=None)
    assert (seg.kind, seg.start_step, seg.start_lr, seg.peak_lr, seg.end_step) == (
        "warm_restart",
        100,
        end_lr,
        0.005,
        200,
    )
    schedule.extend(p, seg)
    assert p.budget_steps == 200 and p.segments == [seg.to_dict()]
    lrs = curve(CFG, p, 100)
    assert lrs[0] == end_lr  # continuous at the restart
    assert max(abs(b - a) for a, b in zip(lrs, lrs[1:])) <= (0.005 - end_lr) / 10 + 1e-12
    assert max(lrs) == pytest.approx(0.005)
    assert lrs[-1] == pytest.approx(0.0002, rel=0.01)


def test_restart_of_a_run_stopped_high_anneals_from_where_it_is() -> None:
    p = RunProgress(step=20, budget_steps=100)
    now = schedule.get_lr(CFG, p)
    assert now > 0.005
    seg = schedule.restart(CFG, p, steps=50, time_limit=None)
    assert (seg.peak_lr, seg.ramp_steps) == (now, 0)
    schedule.extend(p, seg)
    lrs = curve(CFG, p, 50)
    assert lrs[0] == now and all(b < a for a, b in zip(lrs, lrs[1:]))


def test_restart_during_the_first_warm_up_finishes_it() -> None:
    p = RunProgress(step=4, budget_steps=100)
    seg = schedule.restart(CFG, p, steps=100, time_limit=None)
    schedule.extend(p, seg)
    lrs = curve(CFG, p, 10)
    assert lrs[0] == pytest.approx(0.005) and lrs[6] == pytest.approx(0.01)


def test_segments_round_trip_and_budget_helpers() -> None:
    seg = schedule.Segment("warm_restart", 3, 1.5, 0.001, 0.005, 4, None, 90.0)
    assert schedule.Segment.from_dict(seg.to_dict()) == seg
    with pytest.raises(KeyError):
        schedule.Segment.from_dict({"kind": "warm_restart"})
    assert schedule.budget_done(RunProgress(step=10, budget_steps=10))
    assert schedule.budget_done(RunProgress(elapsed_s=61.0, budget_s=60.0))
    assert not schedule.budget_done(RunProgress(step=10))
    assert not schedule.has_budget(RunProgress(step=10))


def test_extending_a_step_schedule_only_moves_the_budget() -> None:
    seed = preset("seed")
    p = RunProgress(step=5000, epoch=250, budget_steps=5000)
    seg = schedule.restart(seed, p, steps=100, time_limit=None)
    assert (seg.kind, seg.peak_lr, seg.ramp_steps) == ("extend", seg.start_lr, 0)
    schedule.extend(p, seg)
    assert schedule.get_lr(seed, p) == 0.5 and p.budget_steps == 5100


# ---- a learning rate set by hand (Trainer.set_lr, the Train pane's lr box) ------------------


def test_manual_change_holds_its_lr_on_every_schedule() -> None:
    for cfg in (CFG, preset("seed"), CFG.with_(schedule="constant")):
        p = RunProgress(step=30, epoch=3, elapsed_s=12.0, budget_steps=100)
        seg = schedule.manual(p, 0.003)
        schedule.record(p, seg)
        assert (seg.kind, seg.start_step, seg.start_lr, seg.end_step) == ("manual", 30, 0.003, 100)
        assert p.budget_steps == 100  # the budget is untouched
        assert curve(cfg, p, 70) == [0.003] * 70
        before = dataclasses.replace(p, step=29)
        assert schedule.get_lr(cfg, before) != 0.003  # steps before the change keep the schedule


def test_manual_change_survives_a_resume_through_run_json() -> None:
    p = RunProgress(step=40, budget_steps=100)
    schedule.record(p, schedule.manual(p, 0.0042))
    again = RunProgress(**{**dataclasses.asdict(p), "step": 60})  # as read back from run.json
    assert schedule.get_lr(CFG, again) == 0.0042


def test_two_changes_at_one_step_leave_one_and_a_later_one_wins() -> None:
    p = RunProgress(step=10, budget_steps=100)
    schedule.record(p, schedule.manual(p, 0.5))
    schedule.record(p, schedule.manual(p, 0.25))
    assert len(p.segments) == 1 and schedule.get_lr(CFG, p) == 0.25
    p.step = 20
    schedule.record(p, schedule.manual(p, 0.125))
    assert schedule.get_lr(CFG, p) == 0.125
    assert schedule.get_lr(CFG, dataclasses.replace(p, step=15)) == 0.25


def test_a_warm_restart_starts_from_the_manual_lr() -> None:
    p = RunProgress(step=100, budget_steps=100)
    schedule.record(p, schedule.manual(p, 0.0001))
    seg = schedule.restart(CFG, p, steps=100, time_limit=None)
    schedule.extend(p, seg)
    assert seg.start_lr == 0.0001
    lrs = curve(CFG, p, 100)
    assert lrs[0] == pytest.approx(0.0001) and max(lrs) == pytest.approx(0.005)
    assert lrs[-1] < lrs[50]  # then it anneals as any restart does


def test_a_step_schedule_keeps_the_manual_lr_after_an_extension() -> None:
    seed = preset("seed")
    p = RunProgress(step=50, budget_steps=50)
    schedule.record(p, schedule.manual(p, 0.7))
    schedule.extend(p, schedule.restart(seed, p, steps=50, time_limit=None))
    assert schedule.get_lr(seed, dataclasses.replace(p, step=80, epoch=300)) == 0.7


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, 1e7, True])
def test_bad_manual_lr_is_refused(bad: float) -> None:
    from lstm_tui.errors import ConfigError

    with pytest.raises(ConfigError, match="learning rate"):
        schedule.manual(RunProgress(), bad)


def test_anneal_s_reaches_the_floor_early_then_stays_there() -> None:
    config = preset("default").with_(lr=0.01, warmup_steps=0, anneal_s=60.0)
    floor = 0.01 * config.min_lr_ratio

    def lr(elapsed: float) -> float:
        return schedule.get_lr(config, RunProgress(step=5, elapsed_s=elapsed, budget_s=600.0))

    assert lr(0.0) == pytest.approx(0.01)
    assert lr(30.0) == pytest.approx((0.01 + floor) / 2)  # halfway down by 30 s of a 600 s budget
    assert lr(60.0) == pytest.approx(floor) and lr(500.0) == pytest.approx(floor)
    short = schedule.get_lr(config, RunProgress(step=5, elapsed_s=20.0, budget_s=40.0))
    assert short == pytest.approx(floor + (0.01 - floor) * 0.5 * (1 + math.cos(math.pi * 0.5)))  # the budget first
