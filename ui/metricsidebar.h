#pragma once
// The main window's sidebar: the sources and their metrics as a tree, filtered as one types. It
// knows nothing of the database; the window gives it the list and reacts to metricSelected.

#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace Ui {

struct SeriesKey final
{
    QString source;
    QString metric;
    bool operator==(const SeriesKey &) const = default;
};

class MetricSidebar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricSidebar)

public:
    explicit MetricSidebar(QWidget *parent = nullptr);

    // Lists the metrics (sorted by source), grouped under their sources. days: "source/metric" ->
    // days with data, for the tooltips. Keeps no current metric and emits nothing.
    void setMetrics(const QList<SeriesKey> &metrics, const QHash<QString, qint64> &days);
    // Makes a listed metric (not filtered out) the current one; emits metricSelected when that
    // changes the current item. False when it is not listed.
    bool select(const SeriesKey &key);
    // Puts the cursor in the filter, its text selected (View → Find Metric).
    void focusFilter();

    QLineEdit *filter() const { return m_filter; }
    QTreeView *tree() const { return m_tree; }

Q_SIGNALS:
    void metricSelected(const Ui::SeriesKey &key);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLineEdit *m_filter = nullptr;
    QTreeView *m_tree = nullptr;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
};

} // namespace Ui
