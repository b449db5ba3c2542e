#include "dateaxis.h"

#include "ui/chartview.h"

#include <QChart>
#include <QFontMetricsF>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace Ui {

namespace {

struct Candidate final
{
    TickUnit unit;
    int step;
    int approxDays; // the days one step spans, to skip candidates that cannot fit
};

constexpr Candidate Candidates[] = {
    {TickUnit::Day, 1, 1},       {TickUnit::Day, 2, 2},       {TickUnit::Week, 1, 7},     {TickUnit::Week, 2, 14},
    {TickUnit::Month, 1, 30},    {TickUnit::Month, 2, 61},    {TickUnit::Month, 3, 91},   {TickUnit::Month, 6, 182},
    {TickUnit::Year, 1, 365},    {TickUnit::Year, 2, 730},    {TickUnit::Year, 5, 1826},  {TickUnit::Year, 10, 3652},
    {TickUnit::Year, 20, 7305},  {TickUnit::Year, 50, 18262}, {TickUnit::Year, 100, 36524},
};

// The tick days of one candidate in [first, last], or fewer than all of them once there are more
// than `limit` (the caller only needs to know that it does not fit).
QList<QDate> tickDays(const QDate &first, const QDate &last, const Candidate &c, const DateTickOptions &options,
                      qsizetype limit)
{
    QList<QDate> days;
    auto add = [&](const QDate &day) {
        if (day >= first && day <= last)
            days.append(day);
        return days.size() <= limit;
    };
    switch (c.unit) {
    case TickUnit::Day:
        for (QDate d = first; d <= last; d = d.addDays(c.step)) {
            if (!add(d))
                break;
        }
        break;
    case TickUnit::Week: {
        const int weekday = options.weekday >= 1 && options.weekday <= 7 ? options.weekday : int(options.locale.firstDayOfWeek());
        QDate d = first.addDays((weekday - first.dayOfWeek() + 7) % 7);
        for (; d <= last; d = d.addDays(7 * c.step)) {
            if (!add(d))
                break;
        }
        break;
    }
    case TickUnit::Month:
    case TickUnit::Year: {
        // Month starts (or ends) whose month (or year) is a multiple of the step: every quarter
        // begins in Jan, Apr, Jul, Oct; every decade in a year ending in 0.
        QDate month(first.year(), first.month(), 1);
        for (; month <= last; month = month.addMonths(1)) {
            // A month end closes its period: the quarter ending in March, the year ending in December.
            const int closing = options.monthEnd ? 1 : 0;
            const bool onTick = c.unit == TickUnit::Year
                ? month.month() == (options.monthEnd ? 12 : 1) && (month.year() + closing) % c.step == 0
                : (month.month() - 1 + closing) % c.step == 0;
            if (!onTick)
                continue;
            const QDate day = options.monthEnd ? QDate(month.year(), month.month(), month.daysInMonth()) : month;
            if (!add(day))
                break;
        }
        break;
    }
    }
    return days;
}

QString format(TickUnit unit, bool withYear)
{
    switch (unit) {
    case TickUnit::Day:
    case TickUnit::Week: return withYear ? QStringLiteral("d MMM yyyy") : QStringLiteral("d MMM");
    case TickUnit::Month: return withYear ? QStringLiteral("MMM yyyy") : QStringLiteral("MMM");
    case TickUnit::Year: break;
    }
    return QStringLiteral("yyyy");
}

QList<DateTick> labelled(const QList<QDate> &days, TickUnit unit, const QLocale &locale)
{
    // The year on the first tick and where it changes; everywhere when that would repeat a label
    // (every 6th month over years: "Jan 2020", "Jul", "Jan 2021", "Jul").
    QList<DateTick> ticks;
    QSet<QString> seen;
    bool unique = true;
    for (qsizetype i = 0; i < days.size(); ++i) {
        const bool withYear = i == 0 || days[i].year() != days[i - 1].year();
        const QString label = locale.toString(days[i], format(unit, withYear));
        unique = unique && !seen.contains(label);
        seen.insert(label);
        ticks.append(DateTick{days[i], label});
    }
    if (!unique) {
        for (DateTick &tick : ticks)
            tick.label = locale.toString(tick.day, format(unit, true));
    }
    return ticks;
}

} // namespace

DateTicks dateTicks(const QDate &first, const QDate &last, const DateTickOptions &options)
{
    DateTicks result;
    if (!first.isValid() || !last.isValid() || last < first)
        return result;
    const qint64 span = first.daysTo(last) + 1;
    const int maxTicks = std::max(1, options.maxTicks);
    QList<QDate> coarsest;
    const Candidate *coarsestCandidate = nullptr;
    for (const Candidate &c : Candidates) {
        if (span / c.approxDays > 2 * maxTicks)
            continue; // far too many: do not even list them
        const QList<QDate> days = tickDays(first, last, c, options, maxTicks);
        if (days.isEmpty())
            break; // coarser units leave no tick at all in this span: keep the finest that had some
        coarsest = days;
        coarsestCandidate = &c;
        if (days.size() <= maxTicks)
            break;
    }
    if (!coarsestCandidate)
        return result;
    if (coarsest.size() > maxTicks)
        coarsest.resize(maxTicks); // nothing coarser had a tick in the span (cannot happen above 2 ticks)
    result.unit = coarsestCandidate->unit;
    result.step = coarsestCandidate->step;
    result.ticks = labelled(coarsest, result.unit, options.locale);
    return result;
}

DateAxis::DateAxis(QObject *parent)
    : QCategoryAxis(parent)
{
    setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    connect(this, &QValueAxis::rangeChanged, this, &DateAxis::updateTicks);
}

void DateAxis::setDays(const QDate &first, const QDate &last)
{
    m_first = first;
    m_last = last;
    if (!first.isValid() || !last.isValid()) {
        updateTicks();
        return;
    }
    const DayScale scale;
    constexpr qreal HalfDay = 12 * 3600 * 1000;
    const qreal min = scale.x(first) - HalfDay, max = scale.x(last) + HalfDay;
    if (qFuzzyCompare(this->min(), min) && qFuzzyCompare(this->max(), max))
        updateTicks(); // no rangeChanged to do it
    else
        setRange(min, max);
}

void DateAxis::setTickOptions(int weekday, bool monthEnd)
{
    m_options.weekday = weekday;
    m_options.monthEnd = monthEnd;
    updateTicks();
}

void DateAxis::follow(QChart *chart)
{
    const auto fit = [this](const QRectF &area) {
        // QtCharts gives every label of a category axis the same width, the axis' width over the
        // ticks plus one, and elides what is wider ("21 Sep 20…"): room for the widest label there
        // is, a day with its month and year, in the labels' font and the UI language.
        const QFontMetricsF metrics(labelsFont());
        const qreal widest = metrics.horizontalAdvance(QLocale().toString(QDate(2026, 9, 28), QStringLiteral("d MMM yyyy")));
        const qreal slot = std::max<qreal>(90, widest + 16);
        const int maxTicks = std::clamp(int(area.width() / slot) - 1, 2, 16);
        if (maxTicks == m_options.maxTicks)
            return;
        m_options.maxTicks = maxTicks;
        updateTicks();
    };
    connect(chart, &QChart::plotAreaChanged, this, fit);
    // A chart redrawn at the same size (new data, a roll-up, a palette change) does not signal a new
    // plot area: without this the new axis kept the default of 10 ticks, too many for a narrow
    // chart, whose labels QtCharts then elided ("Nov 2…").
    if (chart->plotArea().width() > 0)
        fit(chart->plotArea());
}

void DateAxis::updateTicks()
{
    if (m_updating)
        return;
    m_updating = true;
    m_options.locale = QLocale(); // the UI language may have changed since
    const auto labels = categoriesLabels();
    for (const QString &label : labels)
        remove(label);
    m_ticks = {};
    if (m_first.isValid() && m_last.isValid()) {
        // The days whose x lies inside the visible range, and only days with data around them.
        QDate from = xToDay(min()), to = xToDay(max());
        const DayScale scale;
        if (scale.x(from) < min())
            from = from.addDays(1);
        if (scale.x(to) > max())
            to = to.addDays(-1);
        from = std::max(from, m_first);
        to = std::min(to, m_last);
        m_ticks = dateTicks(from, to, m_options);
        setStartValue(min());
        for (const DateTick &tick : std::as_const(m_ticks.ticks))
            append(tick.label, scale.x(tick.day));
    }
    m_updating = false;
}

} // namespace Ui
