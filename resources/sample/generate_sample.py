#!/usr/bin/env python3
"""Generates sample-shop.csv, the demo data behind the desktop app's "Load sample data" button.

One year of a small web shop's events for three metrics:
  orders      one row per order, value = order amount (EUR), user_id = customer
  page_views  one row per day, value = views that day
  signups     one row per signup, value = 1, user_id = new customer
with weekly seasonality (busy weekends), an upward trend, a few anomalous days (an outage, a sale,
a bot spike) and a handful of days without any orders, so that gaps show in the charts.
Deterministic (fixed seed): re-running it gives the same file.

    python3 resources/sample/generate_sample.py > resources/sample/sample-shop.csv
"""
import datetime as dt
import math
import random
import sys

START = dt.date(2025, 11, 1)
DAYS = 365
rng = random.Random(20251101)

WEEKLY = [0.85, 0.9, 0.95, 1.0, 1.1, 1.35, 1.25]   # Monday .. Sunday
OUTAGE = {START + dt.timedelta(days=d) for d in (96, 97)}          # no orders at all: a gap
SALE = {START + dt.timedelta(days=d) for d in (120, 121, 300)}      # order spikes
BOT = {START + dt.timedelta(days=d) for d in (200, 251)}            # page-view spikes
DIP = {START + dt.timedelta(days=d) for d in (160,)}                # page-view dip

out = sys.stdout
out.write("timestamp,metric,value,user_id,event_id\n")
event = 0
for d in range(DAYS):
    day = START + dt.timedelta(days=d)
    season = WEEKLY[day.weekday()]
    trend = 1.0 + 0.6 * d / DAYS
    # orders
    if day not in OUTAGE:
        n = max(1, int(round(rng.gauss(6.0 * season * trend, 1.2))))
        if day in SALE:
            n = int(n * 3.2)
        for _ in range(n):
            t = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=rng.randrange(7 * 3600, 23 * 3600))
            amount = round(max(4.0, rng.lognormvariate(math.log(38.0), 0.45)), 2)
            event += 1
            out.write(f"{t.isoformat()}Z,orders,{amount},c{rng.randrange(1, 900):04d},e{event:06d}\n")
    # page views: one aggregated row per day
    views = rng.gauss(1200.0 * season * trend, 60.0)
    if day in BOT:
        views *= 3.0
    if day in DIP:
        views *= 0.35
    event += 1
    out.write(f"{day.isoformat()}T23:59:00Z,page_views,{int(views)},,e{event:06d}\n")
    # signups
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3)) + (1 if season > 1.2 else 0)):
        t = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=rng.randrange(0, 24 * 3600))
        event += 1
        out.write(f"{t.isoformat()}Z,signups,1,c{rng.randrange(1, 900):04d},e{event:06d}\n")
