#include "savedviews.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSettings>
#include <QVariantMap>

namespace Ui::SavedViews {

namespace {

// No organisation name is set: the application name is the scope main.cpp means.
QSettings settings()
{
    return QSettings(QCoreApplication::applicationName());
}

QVariantMap toMap(const SavedView &view)
{
    return {{QStringLiteral("name"), view.name},
            {QStringLiteral("source"), view.source},
            {QStringLiteral("metric"), view.metric},
            {QStringLiteral("range"), view.range},
            {QStringLiteral("from"), view.from},
            {QStringLiteral("to"), view.to},
            {QStringLiteral("aggregate"), view.aggregate},
            {QStringLiteral("tab"), view.tab},
            {QStringLiteral("rollup"), view.rollup},
            {QStringLiteral("overlaySource"), view.overlaySource},
            {QStringLiteral("overlayMetric"), view.overlayMetric},
            {QStringLiteral("overlayOwnAxis"), view.overlayOwnAxis},
            {QStringLiteral("detector"), QString::fromUtf8(QJsonDocument(view.detector).toJson(QJsonDocument::Compact))}};
}

SavedView fromMap(const QVariantMap &map)
{
    SavedView view;
    view.name = map.value(QStringLiteral("name")).toString();
    view.source = map.value(QStringLiteral("source")).toString();
    view.metric = map.value(QStringLiteral("metric")).toString();
    view.range = map.value(QStringLiteral("range")).toInt();
    view.from = map.value(QStringLiteral("from")).toDate();
    view.to = map.value(QStringLiteral("to")).toDate();
    view.aggregate = map.value(QStringLiteral("aggregate")).toInt();
    view.tab = map.value(QStringLiteral("tab")).toInt();
    view.rollup = map.value(QStringLiteral("rollup")).toInt();
    view.overlaySource = map.value(QStringLiteral("overlaySource")).toString();
    view.overlayMetric = map.value(QStringLiteral("overlayMetric")).toString();
    view.overlayOwnAxis = map.value(QStringLiteral("overlayOwnAxis")).toBool();
    view.detector = QJsonDocument::fromJson(map.value(QStringLiteral("detector")).toString().toUtf8()).object();
    return view;
}

void store(const QList<SavedView> &views)
{
    QVariantList list;
    for (const SavedView &view : views)
        list.append(toMap(view));
    settings().setValue(QStringLiteral("views/saved"), list);
}

} // namespace

QList<SavedView> all()
{
    QList<SavedView> views;
    const QVariantList list = settings().value(QStringLiteral("views/saved")).toList();
    for (const QVariant &entry : list) {
        SavedView view = fromMap(entry.toMap());
        if (!view.name.isEmpty())
            views.append(view);
    }
    return views;
}

void save(const SavedView &view)
{
    QList<SavedView> views = all();
    const auto it = std::find_if(views.begin(), views.end(), [&](const SavedView &v) { return v.name == view.name; });
    if (it != views.end())
        *it = view;
    else
        views.append(view);
    store(views);
}

void remove(const QString &name)
{
    QList<SavedView> views = all();
    views.removeIf([&](const SavedView &v) { return v.name == name; });
    store(views);
}

} // namespace Ui::SavedViews
