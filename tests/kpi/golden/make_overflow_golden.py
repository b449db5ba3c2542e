#!/usr/bin/env python3
"""Golden sums near the largest double for tst_exactsum: the exact sum (fractions.Fraction) rounded
once to the nearest double, or inf / -inf when it rounds beyond the largest double. Running sums of
these values overflow part way although many totals are finite (1e308 + 1e308 - 1e308 is 1e308).

Writes tests/data/kpi/overflow_golden.txt: one case per line, the expected sum first, then the
inputs, as hexadecimal floats. Run from the repository root:

    python3 tests/kpi/golden/make_overflow_golden.py
"""
import math
import random
import sys
from fractions import Fraction

MAX = sys.float_info.max
UNIT = 2.0 ** 1023


def rounded(values):
    total = sum(Fraction(v) for v in values)
    try:
        return float(total)  # correctly rounded, ties to even
    except OverflowError:
        return math.inf if total > 0 else -math.inf


rng = random.Random(20261207)
cases = [
    [1e308, 1e308], [-1e308, -1e308], [1e308, 1e308, -1e308], [MAX, MAX, -MAX], [MAX, MAX, -MAX, -MAX, 1.0],
    [UNIT, UNIT], [UNIT, UNIT, -UNIT], [-UNIT, -UNIT, UNIT, 1e-300],
    # At the top: the largest double plus half its last place is a tie (to even: beyond), a hair less is not.
    [MAX, 2.0 ** 970], [MAX, 2.0 ** 970, -5e-324], [MAX, 2.0 ** 969], [MAX, 2.0 ** 970 + 2.0 ** 918],
    [UNIT, UNIT - 2.0 ** 971, 2.0 ** 970], [UNIT, UNIT - 2.0 ** 971, 2.0 ** 970, -5e-324],
    [UNIT, UNIT - 2.0 ** 971, 2.0 ** 970, 5e-324], [UNIT, UNIT - 2.0 ** 970, 2.0 ** 969],
    [MAX] * 10 + [-MAX] * 9, [MAX] * 10 + [-MAX] * 10 + [1.5], [MAX, MAX, MAX] + [-1e308] * 5,
]
while len(cases) < 400:
    values = []
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.5:
            v = min(math.ldexp(rng.uniform(0.5, 1.0), rng.randint(1020, 1024)), MAX)
        elif r < 0.6:
            v = MAX
        elif r < 0.7:
            v = 2.0 ** rng.randint(960, 1023)
        elif r < 0.8:
            v = rng.uniform(-1e6, 1e6)
        elif r < 0.9:
            v = 2.0 ** rng.randint(-1074, -1000)
        else:
            v = math.ldexp(rng.uniform(0.5, 1.0), rng.randint(900, 1000))
        values.append(v if rng.random() < 0.5 else -v)
    # Often steer the total to the largest double, or half a last place either side of it.
    if rng.random() < 0.4:
        target = Fraction(MAX) + Fraction(2) ** 970 * Fraction(rng.choice((-1, 0, 1)) * rng.randint(0, 2), 2)
        rest = target - sum(Fraction(v) for v in values)
        try:
            while rest != 0 and len(values) < 20:
                values.append(float(rest))
                rest -= Fraction(values[-1])
        except OverflowError:
            pass
    cases.append(values)

with open("tests/data/kpi/overflow_golden.txt", "w") as out:
    out.write("# exact sum rounded once (inf beyond the largest double), then the inputs (make_overflow_golden.py)\n")
    for values in cases:
        out.write(" ".join([rounded(values).hex()] + [v.hex() for v in values]) + "\n")
print(len(cases), "cases")
