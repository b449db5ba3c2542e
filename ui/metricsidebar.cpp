#include "metricsidebar.h"

#include <QEvent>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Ui {

namespace {

constexpr int SourceRole = Qt::UserRole + 1;
constexpr int MetricRole = Qt::UserRole + 2;

} // namespace

MetricSidebar::MetricSidebar(QWidget *parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_model(new QStandardItemModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("sidebar"));
    m_filter->setObjectName(QStringLiteral("metricFilter"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_tree->setObjectName(QStringLiteral("metricTree"));
    m_tree->setModel(m_proxy);
    m_tree->setHeaderHidden(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        m_tree->expandAll();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        const QString metric = index.data(MetricRole).toString();
        if (!metric.isEmpty()) // a source's row is no metric
            Q_EMIT metricSelected(SeriesKey{index.data(SourceRole).toString(), metric});
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 0, 4);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);
    retranslateUi();
}

void MetricSidebar::retranslateUi()
{
    m_filter->setPlaceholderText(tr("Filter sources and metrics"));
    m_tree->setAccessibleName(tr("Sources and metrics"));
}

void MetricSidebar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void MetricSidebar::setMetrics(const QList<SeriesKey> &metrics, const QHash<QString, qint64> &days)
{
    const QSignalBlocker blocker(m_tree->selectionModel());
    m_model->clear();
    QStandardItem *sourceItem = nullptr;
    for (const SeriesKey &key : metrics) {
        if (!sourceItem || sourceItem->data(SourceRole).toString() != key.source) {
            sourceItem = new QStandardItem(key.source);
            sourceItem->setData(key.source, SourceRole);
            sourceItem->setSelectable(false);
            QFont bold = sourceItem->font();
            bold.setBold(true);
            sourceItem->setFont(bold);
            m_model->appendRow(sourceItem);
        }
        auto *metricItem = new QStandardItem(key.metric);
        metricItem->setData(key.source, SourceRole);
        metricItem->setData(key.metric, MetricRole);
        metricItem->setToolTip(tr("Days with data: %1").arg(days.value(key.source + QLatin1Char('/') + key.metric)));
        sourceItem->appendRow(metricItem);
    }
    m_tree->expandAll();
}

bool MetricSidebar::select(const SeriesKey &key)
{
    for (int s = 0; s < m_proxy->rowCount(); ++s) {
        const QModelIndex sourceIndex = m_proxy->index(s, 0);
        for (int m = 0; m < m_proxy->rowCount(sourceIndex); ++m) {
            const QModelIndex index = m_proxy->index(m, 0, sourceIndex);
            if (index.data(SourceRole).toString() == key.source && index.data(MetricRole).toString() == key.metric) {
                m_tree->setCurrentIndex(index);
                return true;
            }
        }
    }
    return false;
}

void MetricSidebar::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

} // namespace Ui
