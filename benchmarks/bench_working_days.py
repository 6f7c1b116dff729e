"""add_working_days: nrm_core vs numpy.busday_offset (same holidays) vs a day-by-day loop.

nrm_core's semantics (the n-th working day strictly after start) equal numpy's
``busday_offset(start, n, roll="backward")``; the script checks that all three
agree on every input before timing.
"""

from __future__ import annotations

import datetime as dt
import platform
import random
import time

import numpy as np

from nrm_core.calendar import FIRST_YEAR, LAST_YEAR, Division, WorkingCalendar, bank_holidays

DIVISION = Division.ENGLAND_AND_WALES
CALENDAR = WorkingCalendar(DIVISION)
HOLIDAYS = [d for y in range(FIRST_YEAR, LAST_YEAR + 1) for d in bank_holidays(y, DIVISION)]
HOLIDAY_SET = set(HOLIDAYS)
NP_CAL = np.busdaycalendar(holidays=np.array(HOLIDAYS, dtype="datetime64[D]"))


def loop_add(start: dt.date, n: int) -> dt.date:
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in HOLIDAY_SET:
            left -= 1
    return day


def timed(label: str, function, inputs, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        function(inputs)
        best = min(best, time.perf_counter() - began)
    rate = len(inputs) / best
    print(f"  {label:<38} {rate:>14,.0f} calls/s  ({best * 1e3:8.1f} ms)")
    return rate


def run(span_label: str, low: int, high: int, count: int) -> None:
    rng = random.Random(2026)
    starts = [
        dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(365 * 14)) for _ in range(count)
    ]
    steps = [rng.randint(low, high) for _ in range(count)]
    inputs = list(zip(starts, steps, strict=True))

    ours = [CALENDAR.add_working_days(s, n) for s, n in inputs]
    theirs = np.busday_offset(
        np.array(starts, dtype="datetime64[D]"), steps, roll="backward", busdaycal=NP_CAL
    )
    assert ours == [d.astype(dt.date) for d in theirs], "nrm_core and numpy disagree"
    assert ours[:500] == [loop_add(s, n) for s, n in inputs[:500]], "nrm_core and loop disagree"

    print(f"\n{span_label}: n in [{low}, {high}], {count:,} calls")
    r_ours = timed(
        "nrm_core add_working_days",
        lambda xs: [CALENDAR.add_working_days(s, n) for s, n in xs],
        inputs,
    )
    r_np1 = timed(
        "numpy.busday_offset, one call each",
        lambda xs: [
            np.busday_offset(np.datetime64(s), n, roll="backward", busdaycal=NP_CAL) for s, n in xs
        ],
        inputs,
    )
    arr_s = np.array(starts, dtype="datetime64[D]")
    arr_n = np.array(steps)
    r_npv = timed(
        "numpy.busday_offset, vectorised",
        lambda xs: np.busday_offset(arr_s, arr_n, roll="backward", busdaycal=NP_CAL),
        inputs,
    )
    loop_inputs = inputs[: max(1, count // 10)]
    r_loop = timed("day-by-day loop", lambda xs: [loop_add(s, n) for s, n in xs], loop_inputs)
    print(
        f"  ratios: nrm_core/loop {r_ours / r_loop:,.1f}x; nrm_core/numpy-scalar "
        f"{r_ours / r_np1:,.2f}x; numpy-vectorised/nrm_core {r_npv / r_ours:,.1f}x"
    )


if __name__ == "__main__":
    print(f"Python {platform.python_version()} on {platform.machine()}, numpy {np.__version__}")
    run("Short spans (targets)", 1, 45, 50_000)
    run("Long spans", 250, 2_500, 20_000)
