#pragma once
// Named dashboard views: which metric of which source, the range, the Show choice, the tab, the
// detector settings, the roll-up and the compared series, kept in the settings file under "views" so
// that a person can reopen them from View → Saved Views. The last view itself is restored on start from the dashboard's own settings.

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Ui {

struct SavedView final
{
    QString name;
    QString source;
    QString metric;
    int range = 0;     // RangePreset
    QDate from, to;    // the Custom range
    int aggregate = 0; // Aggregate
    int tab = 0;
    QJsonObject detector; // Anomaly::AnomalyParams::toJson()
    int rollup = 0;       // Rollup
    // The series compared with the shown one (Compare), if any: another metric on its own axis or
    // the metric of another source.
    QString overlaySource;
    QString overlayMetric;
    bool overlayOwnAxis = false;

    bool operator==(const SavedView &) const = default;
};

namespace SavedViews {

// In the order they were first saved.
QList<SavedView> all();
// Adds the view, or replaces the one of the same name (names are matched exactly).
void save(const SavedView &view);
void remove(const QString &name);

} // namespace SavedViews

} // namespace Ui
