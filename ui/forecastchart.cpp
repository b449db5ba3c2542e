#include "forecastchart.h"

#include "ui/chartexport.h"
#include "ui/chartexportdialog.h"
#include "ui/chartformat.h"
#include "ui/chartpalette.h"
#include "ui/chartview.h"
#include "ui/dateaxis.h"

#include <QAction>
#include <QAreaSeries>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
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

// The family as the panel names it ("arima" → "ARIMA"); an unknown one as stored.
QString familyTitle(const QString &family)
{
    if (family == QLatin1String("arima"))
        return ForecastChart::tr("ARIMA");
    if (family == QLatin1String("ets"))
        return ForecastChart::tr("ETS");
    if (family == QLatin1String("theta"))
        return ForecastChart::tr("Theta");
    if (family == QLatin1String("combo"))
        return ForecastChart::tr("Combination");
    return family;
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
    m_horizon->setRange(1, 365); // the forecast service's limit
    m_wholeHistory = new QCheckBox(this);
    m_wholeHistory->setObjectName(QStringLiteral("forecastWholeHistory"));
    m_horizon->setValue(14);
    m_modelChoice = new QComboBox(this);
    m_modelChoice->setObjectName(QStringLiteral("forecastModelChoice"));
    for (Forecast::ModelChoice choice : {Forecast::ModelChoice::Auto, Forecast::ModelChoice::Arima, Forecast::ModelChoice::Ets,
                                         Forecast::ModelChoice::Theta, Forecast::ModelChoice::Combo})
        m_modelChoice->addItem(QString(), Forecast::ModelSelection::choiceName(choice)); // texts: retranslateUi()
    m_modelChoiceLabel = new QLabel(this);
    m_modelChoiceLabel->setBuddy(m_modelChoice);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("runForecast"));
    m_horizonLabel = new QLabel(this);
    m_horizonLabel->setBuddy(m_horizon);
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(QStringLiteral("forecastExport"));
    m_exportAction = new QAction(this);
    m_exportAction->setObjectName(QStringLiteral("forecastExportAction"));
    m_exportButton->setDefaultAction(m_exportAction);
    m_view->setContextActions({m_exportAction});
    connect(m_exportAction, &QAction::triggered, this, &ForecastChart::exportChart);

    // The model's description on a line of its own: beside the controls it was squeezed into a
    // narrow column of five lines at 1024 pixels.
    auto *top = new QHBoxLayout;
    top->addWidget(m_badge);
    top->addStretch(1);
    top->addWidget(m_wholeHistory);
    top->addWidget(m_horizonLabel);
    top->addWidget(m_horizon);
    top->addWidget(m_modelChoiceLabel);
    top->addWidget(m_modelChoice);
    top->addWidget(m_run);
    top->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_model);
    layout->addWidget(m_state);
    layout->addWidget(m_view, 1);

    connect(m_run, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(m_horizon->value()); });
    connect(m_wholeHistory, &QCheckBox::toggled, this, [this] {
        if (!m_lastData)
            return;
        const LastData data = *m_lastData; // setData() replaces it
        setData(data.title, data.history, data.run, data.folds, data.from, data.to);
    });
    m_view->setHoverText([this](const QDate &day) { return hoverText(day); });
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
    m_wholeHistory->setText(tr("Whole history"));
    m_wholeHistory->setToolTip(tr("Show all the history of the range, not only the recent part before the forecast."));
    m_horizonLabel->setText(tr("&Horizon:"));
    m_modelChoiceLabel->setText(tr("Mo&del:"));
    m_modelChoice->setItemText(0, tr("Auto"));
    m_modelChoice->setItemText(1, tr("ARIMA"));
    m_modelChoice->setItemText(2, tr("ETS"));
    m_modelChoice->setItemText(3, tr("Theta"));
    m_modelChoice->setItemText(4, tr("Combination"));
    m_modelChoice->setToolTip(tr("Auto compares ARIMA, ETS, Theta and their combination in a backtest of the series and keeps the "
                                 "best; the others fit that family."));
    m_exportAction->setText(tr("Export chart…"));
    m_exportAction->setIconText(tr("Export…")); // the button's: the row is full at 1024 pixels
    m_exportAction->setToolTip(tr("Save the chart as PNG, SVG or PDF, or its plotted points as CSV."));
}

QString ForecastChart::exportTitle() const
{
    const QString title = chart()->title();
    return m_source.isEmpty() ? title : tr("%1 · %2", "source · chart title").arg(m_source, title);
}

void ForecastChart::exportChart()
{
    const QString stem = m_source.isEmpty() ? QStringLiteral("forecast") : m_source + QStringLiteral("-forecast");
    ChartExportDialog::exportChart(this, m_view, exportTitle(), stem);
}

void ForecastChart::changeEvent(QEvent *event)
{
    // The chart, badge and model texts are set again by whoever calls setData() (the main window).
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    // Every colour comes from the palette: draw again in the new one.
    if (event->type() == QEvent::PaletteChange && m_lastData) {
        const LastData data = *m_lastData; // setData() replaces it
        setData(data.title, data.history, data.run, data.folds, data.from, data.to);
    }
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

Forecast::ModelChoice ForecastChart::modelChoice() const
{
    return Forecast::ModelSelection::parseChoice(m_modelChoice->currentData().toString()).value_or(Forecast::ModelChoice::Auto);
}

QString ForecastChart::choiceText(const Forecast::RunInfo &run) const
{
    const QLocale locale;
    QString text;
    const QString family = run.details.value(QStringLiteral("model_family")).toString();
    if (!family.isEmpty()) {
        const QString requested = run.details.value(QStringLiteral("model_requested")).toString();
        const QString reason = run.details.value(QStringLiteral("choice_reason")).toString();
        text += (requested.isEmpty() || requested == QLatin1String("auto") ? tr("<br>Chosen: <b>%1</b>") : tr("<br>Asked for: <b>%1</b>"))
                    .arg(familyTitle(family).toHtmlEscaped());
        if (!reason.isEmpty())
            text += tr(" · %1").arg(reason.toHtmlEscaped());
    }
    // The candidates' backtest MASE, best first, on one line ("ARIMA 0.82 · ETS 0.85 · ...").
    const QJsonArray candidates = run.details.value(QStringLiteral("backtest")).toObject().value(QStringLiteral("candidates")).toArray();
    QList<QPair<double, QString>> scored;
    for (const QJsonValue &value : candidates) {
        const QJsonObject candidate = value.toObject();
        const QJsonValue mase = candidate.value(QStringLiteral("mase"));
        if (mase.isDouble())
            scored.append({mase.toDouble(), familyTitle(candidate.value(QStringLiteral("family")).toString())});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList parts;
    for (const auto &[mase, name] : scored)
        parts << tr("%1 %2", "family MASE").arg(name.toHtmlEscaped(), locale.toString(mase, 'f', 2));
    if (!parts.isEmpty())
        text += tr("<br>Backtest MASE: %1").arg(parts.join(QStringLiteral(" · ")));
    const QString transform = run.details.value(QStringLiteral("auto_transform")).toObject().value(QStringLiteral("reason")).toString();
    if (!transform.isEmpty())
        text += tr("<br>Transform: %1").arg(transform.toHtmlEscaped());
    return text;
}

QString ForecastChart::gradeToolTip(const Forecast::RunInfo &run) const
{
    const QLocale locale;
    QString text = tr("Rolling-origin backtest, graded by:\n%1").arg(Forecast::Reliability::formulaText());
    const QJsonObject parts = run.details.value(QStringLiteral("reliability")).toObject();
    const QJsonValue smape = parts.value(QStringLiteral("smape"));
    if (smape.isDouble()) {
        const double accuracy = 100.0 * std::clamp(1.0 - smape.toDouble() / 50.0, 0.0, 1.0);
        text += tr("\n\nThis run: sMAPE %1% → accuracy %2").arg(locale.toString(smape.toDouble(), 'f', 1), locale.toString(accuracy, 'f', 0));
        const QJsonValue relative = parts.value(QStringLiteral("relative_mae"));
        if (relative.isDouble()) {
            const double skill = 100.0 * std::clamp(1.0 - relative.toDouble() / 2.0, 0.0, 1.0);
            text += tr("; r = %1 → skill %2").arg(locale.toString(relative.toDouble(), 'f', 2), locale.toString(skill, 'f', 0));
        } else {
            text += tr("; no seasonal-naive reference, so the score is the accuracy alone");
        }
        text += tr("; score %1.").arg(locale.toString(run.reliabilityScore.value_or(parts.value(QStringLiteral("score")).toDouble()), 'f', 1));
    }
    return text;
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
    m_lastData = LastData{title, history, run, folds, from, to};
    const ChartPalette palette = ChartPalette::forPalette(this->palette());
    m_view->hideHover();
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
        m_badge->setToolTip(gradeToolTip(*run));
    } else if (run) {
        m_badge->setText(tr("<span style='background:%1;color:white;padding:4px'>&nbsp;?&nbsp;</span> not graded (too little history to backtest)")
                             .arg(gradeColor(QString())));
        m_badge->setToolTip(QString());
    } else {
        m_badge->setText(tr("No forecast yet"));
        m_badge->setToolTip(QString());
    }
    chart->setTitle(title);

    // The horizon box starts at the stored run's horizon (once per run: a horizon typed since stays).
    const qint64 runId = run ? run->id : 0;
    if (run && runId != m_runId && run->horizon >= m_horizon->minimum())
        m_horizon->setValue(std::min(run->horizon, m_horizon->maximum()));
    m_runId = runId;
    m_shownRun = run;

    // History: the days of the dashboard's range, gaps kept.
    QList<QPair<QDate, double>> points;
    m_observed.clear();
    bool negativeHistory = false;
    int fittedSteps = 0; // steps with a value the run was fitted on
    if (history.first.isValid()) {
        // Steps are days, weeks or months (the history's grain): select them by date.
        for (qsizetype i = 0; i < qsizetype(history.values.size()); ++i) {
            const double value = history.values[size_t(i)];
            if (!std::isfinite(value))
                continue;
            const QDate day = history.dateAt(i);
            negativeHistory = negativeHistory || value < 0;
            if (run && day >= run->trainStart && day <= run->trainEnd)
                ++fittedSteps;
            if ((from.isValid() && day < from) || (to.isValid() && day > to))
                continue;
            points.append({day, value});
            m_observed.insert(day, value);
        }
    }
    m_historyPoints = int(points.size());
    m_historyFirst = points.isEmpty() ? QDate() : points.first().first;
    m_historyLast = points.isEmpty() ? QDate() : points.last().first;

    // A metric that has never been negative cannot be: its intervals are cut at zero where the
    // model's normal intervals reach below it (truncation; the model itself is not refitted).
    QList<Forecast::StoredPoint> forecastPoints = run ? run->points : QList<Forecast::StoredPoint>();
    m_truncated = false;
    if (run && history.first.isValid() && !negativeHistory) {
        for (Forecast::StoredPoint &p : forecastPoints) {
            for (double *value : {&p.yhat, &p.lower80, &p.lower95, &p.upper80, &p.upper95}) {
                if (*value < 0) {
                    *value = 0;
                    m_truncated = true;
                }
            }
        }
    }
    m_shownPoints = forecastPoints;

    if (run) {
        const Forecast::Grain grain = run->grain();
        // The steps with a value, as the dashboard's header counts them (run->nobs counts the gaps too).
        const int fitted = history.first.isValid() ? fittedSteps : run->nobs;
        QString text = tr("Model: <b>%1</b> · fitted on %2 %3 from %4 to %5")
                           .arg(run->model.toHtmlEscaped(), locale.toString(fitted), ChartText::units(grain),
                                locale.toString(run->trainStart, QLocale::ShortFormat), locale.toString(run->trainEnd, QLocale::ShortFormat));
        text += choiceText(*run);
        if (!run->fallbackReason.isEmpty())
            text += tr("<br>Fallback: %1").arg(run->fallbackReason.toHtmlEscaped());
        if (m_truncated)
            text += tr("<br>Intervals cut at 0: the metric has never been negative (truncation; the model is not refitted).");
        m_model->setText(text);
    } else {
        m_model->setText(tr("Choose a horizon and run a forecast."));
    }
    m_exportAction->setEnabled(!points.isEmpty() || run.has_value());
    if (points.isEmpty() && !run) {
        palette.apply(chart);
        return;
    }

    // The view: the recent history and the horizon (three horizons or two seasons of history,
    // whichever is longer), so that years of history do not squeeze the forecast into a sliver.
    // "Whole history" shows all the range's history; Home returns to this view.
    QDate viewFirst = points.isEmpty() ? QDate() : points.first().first;
    if (run && !forecastPoints.isEmpty() && !m_wholeHistory->isChecked() && history.first.isValid()) {
        const qint64 recentSteps = std::max<qint64>(3 * qint64(forecastPoints.size()), 2 * qint64(history.seasonalPeriod()));
        const QDate recentStart = history.dateAt(qint64(history.values.size()) - recentSteps);
        if (!viewFirst.isValid() || recentStart > viewFirst)
            viewFirst = recentStart;
    }
    m_wholeHistory->setEnabled(run.has_value() && !points.isEmpty());

    // The ranges first (of what is in view): a series attached to an axis with a range takes it,
    // while a range set afterwards re-lays out every series' path again.
    double minY = 0, maxY = 0;
    bool anyY = false;
    QDate firstDay, lastDay;
    auto extend = [&](const QDate &day, double value) {
        if (!firstDay.isValid() || day < firstDay)
            firstDay = day;
        if (!lastDay.isValid() || day > lastDay)
            lastDay = day;
        if (viewFirst.isValid() && day < viewFirst)
            return;
        minY = anyY ? std::min(minY, value) : value;
        maxY = anyY ? std::max(maxY, value) : value;
        anyY = true;
    };
    for (const auto &[day, value] : std::as_const(points))
        extend(day, value);
    for (const Forecast::StoredPoint &p : std::as_const(forecastPoints)) {
        for (double value : {p.yhat, p.lower95, p.upper95, p.lower80, p.upper80})
            extend(p.day, value);
    }
    if (viewFirst.isValid() && viewFirst > firstDay)
        firstDay = viewFirst;
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

    if (!forecastPoints.isEmpty()) {
        auto makeBand = [&](double Forecast::StoredPoint::*lower, double Forecast::StoredPoint::*upper,
                            const QString &name, const QColor &color) {
            QList<QPointF> upperPoints, lowerPoints;
            upperPoints.reserve(forecastPoints.size());
            lowerPoints.reserve(forecastPoints.size());
            for (const Forecast::StoredPoint &p : std::as_const(forecastPoints)) {
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
        makeBand(&Forecast::StoredPoint::lower95, &Forecast::StoredPoint::upper95, tr("95% interval"), palette.band95);
        makeBand(&Forecast::StoredPoint::lower80, &Forecast::StoredPoint::upper80, tr("80% interval"), palette.band80);

        auto *line = new QLineSeries;
        line->setName(tr("Forecast"));
        QPen pen(palette.forecast);
        pen.setWidthF(2);
        pen.setStyle(Qt::DashLine);
        line->setPen(pen);
        // Start the forecast line at the last observed value, so that it visibly continues the history.
        QList<QPointF> linePoints;
        if (!points.isEmpty() && history.first.isValid() && points.last().first == history.lastDay()
            && history.dateAt(qint64(history.values.size())) == forecastPoints.first().day)
            linePoints.append(QPointF(scale.x(points.last().first), points.last().second));
        for (const Forecast::StoredPoint &p : std::as_const(forecastPoints))
            linePoints.append(QPointF(scale.x(p.day), p.yhat));
        m_forecastPoints = int(forecastPoints.size());
        attachSeries(chart, line, linePoints, xAxis, yAxis);
    }

    const QList<LineSegment> segments = lineSegments(points, tr("History"), palette.series);
    for (const LineSegment &segment : segments) {
        attachSeries(chart, segment.series, segment.points, xAxis, yAxis);
        if (&segment != &segments.first())
            hideFromLegend(chart, segment.series);
    }

    // The boundary: the last observed day, where history ends and the forecast begins; only where
    // both are drawn (without them it would be a lone line in an empty plot).
    const QDate boundaryDay = history.first.isValid() ? history.lastDay() : QDate();
    if (boundaryDay.isValid() && !forecastPoints.isEmpty() && m_observed.contains(boundaryDay)) {
        auto *boundary = new QLineSeries;
        boundary->setName(tr("Last observed day (%1)").arg(locale.toString(boundaryDay, QLocale::ShortFormat)));
        QPen pen(palette.boundary);
        pen.setStyle(Qt::DotLine);
        ChartExport::markNotData(boundary); // a line drawn at a day, not data
        pen.setWidthF(1.5);
        boundary->setPen(pen);
        attachSeries(chart, boundary, {QPointF(scale.x(boundaryDay), yAxis->min()), QPointF(scale.x(boundaryDay), yAxis->max())},
                     xAxis, yAxis);
    }
    palette.apply(chart);
    enableLegendToggling(chart);
    chart->zoomReset();
}

QString ForecastChart::hoverText(const QDate &day) const
{
    const QLocale locale;
    if (const auto observed = m_observed.constFind(day); observed != m_observed.cend())
        return tr("<b>%1</b><br>Observed: %2").arg(locale.toString(day, QLocale::LongFormat), ChartText::value(*observed));
    for (const Forecast::StoredPoint &p : m_shownPoints) {
        if (p.day != day)
            continue;
        const Forecast::Grain grain = m_shownRun ? m_shownRun->grain() : Forecast::Grain::Day;
        return (grain == Forecast::Grain::Quarter ? tr("<b>%1</b> (quarter +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7")
                : grain == Forecast::Grain::Month ? tr("<b>%1</b> (month +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7")
                : grain == Forecast::Grain::Week  ? tr("<b>%1</b> (week +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7")
                                                  : tr("<b>%1</b> (day +%2)<br>Forecast: %3<br>80%: %4 – %5<br>95%: %6 – %7"))
            .arg(locale.toString(day, QLocale::LongFormat))
            .arg(p.h)
            .arg(ChartText::value(p.yhat), ChartText::value(p.lower80), ChartText::value(p.upper80), ChartText::value(p.lower95),
                 ChartText::value(p.upper95));
    }
    return {};
}

} // namespace Ui
