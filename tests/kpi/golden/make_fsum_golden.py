#!/usr/bin/env python3
"""Golden sums for tst_exactsum: Python's math.fsum (exact sum, rounded once) of lists of doubles.

Writes tests/data/kpi/fsum_golden.txt: one case per line, the expected sum first, then the inputs,
all as hexadecimal floats (exact). Run from the repository root:

    python3 tests/kpi/golden/make_fsum_golden.py
"""
import math
import random

rng = random.Random(20261127)
cases = []
# Mixed magnitudes and signs: naive summation loses digits, fsum does not.
for n in (1, 2, 3, 5, 10, 50, 200, 1000):
    for _ in range(4):
        cases.append([rng.choice((-1, 1)) * rng.random() * 10.0 ** rng.randint(-20, 20) for _ in range(n)])
# Decimal-looking values as KPIs carry them (prices, amounts).
for n in (10, 100, 1000):
    cases.append([round(rng.uniform(-500, 500), 2) for _ in range(n)])
# Heavy cancellation.
cases.append([1e16, 1.0, -1e16, 1.0])
cases.append([1e308, 1e308 * 0.5, -1e308, -1e308 * 0.5, 3.0])
cases.append([0.1] * 10)
cases.append([2.0 ** 53, 1.0, 1.0, 1.0, -(2.0 ** 53)])
# Ties to even across partials (the case the final correction in fsum is for).
cases.append([1.0, 2.0 ** -53, 2.0 ** -106])
cases.append([1.0, -(2.0 ** -54), -(2.0 ** -107)])

with open("tests/data/kpi/fsum_golden.txt", "w") as out:
    out.write("# expected math.fsum, then the inputs; hexadecimal floats (make_fsum_golden.py)\n")
    for values in cases:
        out.write(" ".join([math.fsum(values).hex()] + [v.hex() for v in values]) + "\n")
print(len(cases), "cases")
