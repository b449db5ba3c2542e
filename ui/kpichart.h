#pragma once
// The KPI chart: one metric's daily values as a line that breaks where days are missing, hover
// tooltips (date, value, event count), zoom and pan, and the flagged anomalies as markers coloured
// by detection method whose tooltips say why the day was flagged.

#include "anomaly/anomalyservice.h"
#include "common/grain.h"
#include "kpi/kpiservice.h"

#include <QScatterSeries>
#include <QWidget>

class QChart;
class QValueAxis;

namespace Ui {

class ChartView;

// The value of a day the dashboard shows (its Show choice): it drives the chart, the header, the
// anomaly detection and the forecast alike.
enum class Aggregate { Sum, Count, Average, Distinct, Min, Max };
inline constexpr int AggregateCount = 6;
QString aggregateName(Aggregate aggregate);
// The aggregate inside a sentence ("sum" in "sum per day"; German keeps its nouns capitalised).
QString aggregatePhrase(Aggregate aggregate);
// The aggregate's value of a row; nullopt when it has none (no user ids for distinct, a sum beyond range).
std::optional<double> aggregateValue(const Kpi::DailyRow &row, Aggregate aggregate);
// The metric_daily column the anomaly detectors read for it; none for min and max, which they cannot.
std::optional<Anomaly::ValueField> anomalyField(Aggregate aggregate);
// The metric_daily column a forecast is fitted on ("value_sum", ...); empty for min and max, which
// the forecast service does not take.
QString forecastField(Aggregate aggregate);
QColor methodColor(const QString &method);
QScatterSeries::MarkerShape methodShape(const QString &method);
qreal methodMarkerSize(const QString &method);
// Why a stored anomaly was flagged, in words ("z = 3.4 (|z| ≥ 3; trailing 7-day window)"). grain: the
// series' (the detectors' windows count its steps: "trailing 7-month window", "same month of the
// last 3 years").
QString anomalyExplanation(const Anomaly::StoredAnomaly &anomaly, Common::Grain grain = Common::Grain::Day);

class KpiChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KpiChart)

public:
    explicit KpiChart(QWidget *parent = nullptr);

    // rows: one metric's days in date order (already limited to the range shown).
    void setData(const QString &title, const QList<Kpi::DailyRow> &rows, Aggregate aggregate,
                 const QList<Anomaly::StoredAnomaly> &anomalies);
    void clear();
    // Zooms to the weeks around a day (Home / double click resets).
    void focusDay(const QDate &day);

    ChartView *view() const { return m_view; }
    QChart *chart() const;
    int pointCount() const;   // days drawn
    int segmentCount() const; // runs of consecutive days
    QList<QDate> anomalyDays() const; // the flagged days, each once, in date order
    int anomalyMarkerCount() const;   // markers: a day flagged by two methods has two
    Common::Grain grain() const { return m_grain; }

private:
    // The hover tooltip of a day: date, value, events, and why it was flagged if it was.
    QString hoverText(const QDate &day) const;

    ChartView *m_view = nullptr;
    QList<Kpi::DailyRow> m_rows;
    QHash<QDate, int> m_rowIndex;
    QList<Anomaly::StoredAnomaly> m_anomalies;
    Aggregate m_aggregate = Aggregate::Sum;
    Common::Grain m_grain = Common::Grain::Day;
    int m_points = 0;
    int m_segments = 0;
    QList<QDate> m_anomalyDays;
    int m_anomalyMarkers = 0;
};

} // namespace Ui
