#pragma once
// The KPI chart: one metric's daily values as a line that breaks where days are missing, hover
// tooltips (date, value, event count), zoom and pan, and the flagged anomalies as markers coloured
// by detection method whose tooltips say why the day was flagged. Above it: roll-up to weeks or months,
// Compare (a second series) and Export; the context menu adds clearing the markers.

#include "anomaly/anomalyservice.h"
#include "common/grain.h"
#include "kpi/kpiservice.h"

#include "ui/rollup.h"

#include <QScatterSeries>
#include <QWidget>

#include <optional>

class QAction;
class QChart;
class QComboBox;
class QLabel;
class QToolButton;
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

// A second series drawn with the metric: another metric (on its own right-hand axis) or the same
// metric of another source (on the same axis). Its rows are shown in the chart's aggregate and rolled
// up with it.
struct ChartOverlay final
{
    QString name; // its legend entry, e.g. "refunds" or "shop-eu"
    QList<Kpi::DailyRow> rows;
    bool ownAxis = false;
};

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
    // The series shown: its source titles exports ("shop · orders — sum per day"), both name their
    // files ("shop-orders.png").
    void setSource(const QString &source, const QString &metric = {});
    QString exportTitle() const;

    // Compare: what the Compare button offers, from every series there is (source, metric): the other
    // metrics of `source` (own axis) and `metric` in the other sources (same axis). Choosing one
    // emits overlayRequested(); whoever loads the data calls setOverlay().
    void setCompareChoices(const QString &source, const QString &metric, const QList<QPair<QString, QString>> &series);
    // ownAxis: on a value axis of its own on the right (another metric); else on the metric's axis.
    void setOverlay(const QString &name, const QList<Kpi::DailyRow> &rows, bool ownAxis);
    void clearOverlay();
    bool hasOverlay() const { return m_overlay.has_value(); }
    int overlayPointCount() const { return m_overlayPoints; }

    // Roll-up of the shown series (and the overlay) to weeks or months; only for a daily series and
    // an aggregate that adds up (rollupSupported()), else the chart shows days.
    void setRollup(Rollup rollup);
    Rollup rollup() const { return m_rollup; }
    // The roll-up in effect (None when it is not possible for the series or the aggregate).
    Rollup effectiveRollup() const;
    bool isRollupAvailable() const;

    // Removes the anomaly markers from the chart (the stored anomalies stay); they come back with
    // showMarkers() or when the chart gets other anomalies.
    void clearMarkers();
    void showMarkers();
    bool markersCleared() const { return m_markersCleared; }

    ChartView *view() const { return m_view; }
    QChart *chart() const;
    int pointCount() const;   // steps drawn (days; weeks or months when rolled up)
    int segmentCount() const; // runs of consecutive steps
    QList<QDate> anomalyDays() const; // the flagged days, each once, in date order
    int anomalyMarkerCount() const;   // markers: a day flagged by two methods has two
    Common::Grain grain() const { return m_grain; }
    QComboBox *rollupBox() const { return m_rollupBox; }
    QToolButton *compareButton() const { return m_compareButton; }
    QToolButton *exportButton() const { return m_exportButton; }
    QAction *clearMarkersAction() const { return m_clearMarkersAction; }
    QAction *exportAction() const { return m_exportAction; }

public Q_SLOTS:
    // Asks for a format, size and title and a file, and exports the chart (ChartExportDialog).
    void exportChart();

Q_SIGNALS:
    void overlayRequested(const QString &source, const QString &metric, bool ownAxis);
    void overlayCleared();
    void rollupChanged(Ui::Rollup rollup);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    // Draws the chart from the members (data, overlay, roll-up, markers) in the current palette.
    void render();
    // Names the legend's marker entries in full where they fit, else by their method only.
    void fitLegend();
    void retranslateUi();
    void updateControls();
    void rebuildCompareMenu();
    // The hover tooltip of a step: date (or period), value, events, the overlay's value, and why it
    // was flagged if it was.
    QString hoverText(const QDate &day) const;

    ChartView *m_view = nullptr;
    QLabel *m_rollupLabel = nullptr;
    QComboBox *m_rollupBox = nullptr;
    QToolButton *m_compareButton = nullptr;
    QToolButton *m_exportButton = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_clearMarkersAction = nullptr;
    QString m_title;
    QString m_source;
    QString m_metric;
    QList<QPair<QString, QString>> m_compareSeries;
    QList<Kpi::DailyRow> m_rows;                 // as given: days
    QList<RolledUpRow> m_shown;                  // as drawn: days, weeks or months
    QHash<QDate, int> m_shownIndex;              // step start -> m_shown
    QList<Anomaly::StoredAnomaly> m_givenAnomalies;
    QList<Anomaly::StoredAnomaly> m_anomalies;   // drawn
    std::optional<ChartOverlay> m_overlay;
    QHash<QDate, double> m_overlayValues;        // as drawn
    Aggregate m_aggregate = Aggregate::Sum;
    Rollup m_rollup = Rollup::None;
    Common::Grain m_dataGrain = Common::Grain::Day; // of the rows as given
    Common::Grain m_grain = Common::Grain::Day;     // as drawn
    bool m_markersCleared = false;
    int m_points = 0;
    int m_segments = 0;
    int m_overlayPoints = 0;
    QList<QDate> m_anomalyDays;
    int m_anomalyMarkers = 0;
};

} // namespace Ui
