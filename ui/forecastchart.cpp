#include "forecastchart.h"

#include "ui/chartformat.h"
#include "ui/chartview.h"
#include "ui/dateaxis.h"

#include <QAreaSeries>
#include <QChart>
#include <QCursor>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace Ui {

namespace {

QString gradeColor(const QString &grade)
{
    if (grade == QLatin1String("A"))
        return QStringLiteral("#2e7d32");
    if (grade == QLatin1String("B"))
        return QStringLiteral("#689f38");
    if (grade == QLatin1String("C"))
        return QStringLiteral("#f9a825");
    if (grade == QLatin1String("D"))
        return QStringLiteral("#c62828");
    return QStringLiteral("#757575");
}

} // namespace

ForecastChart::ForecastChart(QWidget *parent)
    : QWidget(parent)
    , m_view(new ChartView(this))
{
    setObjectName(QStringLiteral("forecastChart"));
    m_view->setObjectName(QStringLiteral("forecastChartView"));
    m_view->setChart(new QChart);
    m_view->chart()->legend()->setAlignment(Qt::AlignBottom);

    m_badge = new QLabel(this);
    m_badge->setObjectName(QStringLiteral("reliabilityBadge"));
    m_badge->setTextFormat(Qt::RichText);
    m_model = new QLabel(this);
    m_model->setObjectName(QStringLiteral("forecastModel"));
    m_model->setWordWrap(true);
    m_model->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("forecastState"));
    m_state->hide();
    m_horizon = new QSpinBox(this);
    m_horizon->setObjectName(QStringLiteral("forecastHorizon"));
    m_horizon->setRange(1, 90);
    m_horizon->setValue(14);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("runForecast"));
    m_horizonLabel = new QLabel(this);
    m_horizonLabel->setBuddy(m_horizon);

    auto *top = new QHBoxLayout;
    top->addWidget(m_badge);
    top->addWidget(m_model, 1);
    top->addWidget(m_horizonLabel);
    top->addWidget(m_horizon);
    top->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_state);
    layout->addWidget(m_view, 1);

    connect(m_run, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(m_horizon->value()); });
    retranslateUi();
    setData({}, {}, std::nullopt, 0);
}

void ForecastChart::retranslateUi()
{
    switch (m_grain) {
    case Forecast::Grain::Quarter:
        m_horizon->setSuffix(tr(" quarters"));
        m_horizon->setAccessibleName(tr("Forecast horizon in quarters"));
        break;
    case Forecast::Grain::Month:
        m_horizon->setSuffix(tr(" months"));
        m_horizon->setAccessibleName(tr("Forecast horizon in months"));
        break;
    case Forecast::Grain::Week:
        m_horizon->setSuffix(tr(" weeks"));
        m_horizon->setAccessibleName(tr("Forecast horizon in weeks"));
        break;
    case Forecast::Grain::Day:
        m_horizon->setSuffix(tr(" days"));
        m_horizon->setAccessibleName(tr("Forecast horizon in days"));
        break;
    }
    m_run->setText(tr("Run forecast"));
    m_horizonLabel->setText(tr("&Horizon:"));
}

void ForecastChart::changeEvent(QEvent *event)
{
    // The chart, badge and model texts are set again by whoever calls setData() (the main window).
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

QChart *ForecastChart::chart() const
{
    return m_view->chart();
}

int ForecastChart::horizon() const
{
    return m_horizon->value();
}

void ForecastChart::setRunning(bool running, const QString &message)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_state->setText(message);
    m_state->setVisible(!message.isEmpty());
}

void ForecastChart::setRunEnabled(bool enabled)
{
    m_run->setEnabled(enabled && !m_running);
}

void ForecastChart::setData(const QString &title, const Forecast::DailyHistory &history,
                            const std::optional<Forecast::RunInfo> &run, int folds, const QDate &from, const QDate &to)
{
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    m_bands = 0;
    m_forecastPoints = 0;
    m_historyPoints = 0;
    m_historyFirst = {};
    m_historyLast = {};
    m_grade.clear();
    const QLocale locale;
    if (history.first.isValid() && history.grain != m_grain) {
        m_grain = history.grain;
        retranslateUi();
    }

    // Badge and model.
    if (run && !run->reliabilityGrade.isEmpty()) {
        m_grade = run->reliabilityGrade;
        m_badge->setText(tr("<span style='background:%1;color:white;font-weight:bold;padding:4px'>&nbsp;%2&nbsp;</span>"
                            "&nbsp;reliability %3/100 · backtest of %4")
                             .arg(gradeColor(m_grade), m_grade, locale.toString(run->reliabilityScore.value_or(0), 'f', 0),
                                  folds == 1 ? tr("1 fold") : tr("%1 folds").arg(folds)));
        m_badge->setToolTip(tr("Rolling-origin backtest: score = 100 − sMAPE − 20·max(0, MASE − 1); A ≥ 85, B ≥ 70, C ≥ 55, else D."));
    } else if (run) {
        m_badge->setText(tr("<span style='background:%1;color:white;padding:4px'>&nbsp;?&nbsp;</span> not graded (too little history to backtest)")
                             .arg(gradeColor(QString())));
    } else {
        m_badge->setText(tr("No forecast yet"));
    }
    if (run) {
        const Forecast::Grain grain = run->grain();
        QString text = (grain == Forecast::Grain::Quarter ? tr("Model: <b>%1</b> · fitted on %2 quarters up to %3")
                        : grain == Forecast::Grain::Month ? tr("Model: <b>%1</b> · fitted on %2 months up to %3")
                        : grain == Forecast::Grain::Week ? tr("Model: <b>%1</b> · fitted on %2 weeks up to %3")
                                                         : tr("Model: <b>%1</b> · fitted on %2 days up to %3"))
                           .arg(run->model.toHtmlEscaped())
                           .arg(run->nobs)
                           .arg(locale.toString(run->trainEnd, QLocale::ShortFormat));
        if (!run->fallbackReason.isEmpty())
            text += tr("<br>Fallback: %1").arg(run->fallbackReason.toHtmlEscaped());
        m_model->setText(text);
    } else {
        m_model->setText(tr("Choose a horizon and run a forecast."));
    }
    chart->setTitle(title);

    // History: the days of the dashboard's range, gaps kept.
    QList<QPair<QDate, double>> points;
    if (history.first.isValid()) {
        // Steps are days, weeks or months (the history's grain): select them by date.
        for (qsizetype i = 0; i < qsizetype(history.values.size()); ++i) {
            const QDate day = history.dateAt(i);
            if ((from.isValid() && day < from) || (to.isValid() && day > to))
                continue;
            if (std::isfinite(history.values[size_t(i)]))
                points.append({day, history.values[size_t(i)]});
        }
    }
    m_historyPoints = int(points.size());
    m_historyFirst = points.isEmpty() ? QDate() : points.first().first;
    m_historyLast = points.isEmpty() ? QDate() : points.last().first;
    if (points.isEmpty() && !run)
        return;

    // The ranges first: a series attached to an axis with a range takes it, while a range set
    // afterwards re-lays out every series' path again.
    double minY = points.isEmpty() ? 0 : points.first().second, maxY = minY;
    QDate firstDay = points.isEmpty() ? QDate() : points.first().first;
    QDate lastDay = points.isEmpty() ? QDate() : points.last().first;
    auto extend = [&](const QDate &day, double value) {
        minY = std::min(minY, value);
        maxY = std::max(maxY, value);
        if (!firstDay.isValid() || day < firstDay)
            firstDay = day;
        if (!lastDay.isValid() || day > lastDay)
            lastDay = day;
    };
    for (const auto &[day, value] : std::as_const(points))
        extend(day, value);
    if (run) {
        for (const Forecast::StoredPoint &p : run->points) {
            extend(p.day, p.yhat);
            extend(p.day, p.lower95);
            extend(p.day, p.upper95);
            extend(p.day, p.lower80);
            extend(p.day, p.upper80);
        }
    }
    const DayScale scale;
    auto *xAxis = new DateAxis;
    xAxis->setTickOptions(m_grain == Forecast::Grain::Week && history.first.isValid() ? history.first.dayOfWeek() : 0,
                          history.first.isValid() && history.monthEnd);
    if (firstDay.isValid())
        xAxis->setDays(firstDay, lastDay);
    xAxis->follow(chart);
    auto *yAxis = new QValueAxis;
    setValueAxisRange(chart, yAxis, minY, maxY);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    auto attach = [&](QAbstractSeries *series) {
        chart->addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
    };

    if (run && !run->points.isEmpty()) {
        auto makeBand = [&](double Forecast::StoredPoint::*lower, double Forecast::StoredPoint::*upper,
                            const QString &name, const QColor &color) {
            QList<QPointF> upperPoints, lowerPoints;
            upperPoints.reserve(run->points.size());
            lowerPoints.reserve(run->points.size());
            for (const Forecast::StoredPoint &p : run->points) {
                upperPoints.append(QPointF(scale.x(p.day), p.*upper));
                lowerPoints.append(QPointF(scale.x(p.day), p.*lower));
            }
            auto *upperLine = new QLineSeries;
            auto *lowerLine = new QLineSeries;
            upperLine->replace(upperPoints);
            lowerLine->replace(lowerPoints);
            auto *band = new QAreaSeries(upperLine, lowerLine);
            upperLine->setParent(band);
            lowerLine->setParent(band);
            band->setName(name);
            band->setColor(color);
            band->setBorderColor(Qt::transparent);
            attach(band);
            ++m_bands;
        };
        makeBand(&Forecast::StoredPoint::lower95, &Forecast::StoredPoint::upper95, tr("95% interval"), QColor(255, 127, 14, 55));
        makeBand(&Forecast::StoredPoint::lower80, &Forecast::StoredPoint::upper80, tr("80% interval"), QColor(255, 127, 14, 100));

        auto *line = new QLineSeries;
        line->setName(tr("Forecast"));
        QPen pen(QColor(0xe6, 0x55, 0x0d));
        pen.setWidthF(2);
        pen.setStyle(Qt::DashLine);
        line->setPen(pen);
        // Start the forecast line at the last observed value, so that it visibly continues the history.
        QList<QPointF> linePoints;
        if (!points.isEmpty() && history.first.isValid() && points.last().first == history.lastDay()
            && history.dateAt(qint64(history.values.size())) == run->points.first().day)
            linePoints.append(QPointF(scale.x(points.last().first), points.last().second));
        for (const Forecast::StoredPoint &p : run->points)
            linePoints.append(QPointF(scale.x(p.day), p.yhat));
        m_forecastPoints = int(run->points.size());
        attachSeries(chart, line, linePoints, xAxis, yAxis);
        connect(line, &QLineSeries::hovered, this, [this, run = *run](const QPointF &point, bool state) {
            if (!state) {
                QToolTip::hideText();
                return;
            }
            const QDate day = xToDay(point.x());
            for (const Forecast::StoredPoint &p : run.points) {
                if (p.day != day)
                    continue;
                const QLocale l;
                const Forecast::Grain grain = run.grain();
                QToolTip::showText(QCursor::pos(),
                                   (grain == Forecast::Grain::Quarter ? tr("<b>%1</b> (quarter +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7")
                                    : grain == Forecast::Grain::Month ? tr("<b>%1</b> (month +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7")
                                    : grain == Forecast::Grain::Week ? tr("<b>%1</b> (week +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7")
                                                                     : tr("<b>%1</b> (day +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7"))
                                       .arg(l.toString(day, QLocale::LongFormat)).arg(p.h)
                                       .arg(ChartText::value(p.yhat), ChartText::value(p.lower80), ChartText::value(p.upper80),
                                            ChartText::value(p.lower95), ChartText::value(p.upper95)),
                                   m_view);
            }
        });
    }

    const QList<LineSegment> segments = lineSegments(points, tr("History"), QColor(0x1f, 0x77, 0xb4));
    for (const LineSegment &segment : segments) {
        attachSeries(chart, segment.series, segment.points, xAxis, yAxis);
        connect(segment.series, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), tr("<b>%1</b><br>Observed: %2")
                                                       .arg(QLocale().toString(xToDay(point.x()), QLocale::LongFormat),
                                                            ChartText::value(point.y())), m_view);
            else
                QToolTip::hideText();
        });
    }

    // The boundary: the last observed day, where history ends and the forecast begins.
    const QDate boundaryDay = history.first.isValid() ? history.lastDay() : (run ? run->trainEnd : QDate());
    if (boundaryDay.isValid()) {
        auto *boundary = new QLineSeries;
        boundary->setName(tr("Last observed day (%1)").arg(locale.toString(boundaryDay, QLocale::ShortFormat)));
        QPen pen(QColor(0x55, 0x55, 0x55));
        pen.setStyle(Qt::DotLine);
        pen.setWidthF(1.5);
        boundary->setPen(pen);
        attachSeries(chart, boundary, {QPointF(scale.x(boundaryDay), yAxis->min()), QPointF(scale.x(boundaryDay), yAxis->max())},
                     xAxis, yAxis);
    }
    const auto legendMarkers = chart->legend()->markers();
    bool historyShown = false;
    for (QLegendMarker *marker : legendMarkers) {
        if (marker->label() != tr("History"))
            continue;
        marker->setVisible(!historyShown);
        historyShown = true;
    }

    chart->zoomReset();
}

} // namespace Ui
