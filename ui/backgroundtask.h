#pragma once
// Runs a read-only query on a pool thread and hands its result back on the receiver's thread, so the
// UI thread never queries in bulk. The work gets the database (a shared_ptr, for the services); the pool thread's connection is
// released afterwards. If the receiver is gone by then, the result is dropped.

#include "storage/database.h"

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace Ui {

template<typename T, typename Work, typename Done>
void runInBackground(const std::shared_ptr<Storage::Database> &database, QObject *receiver, Work work, Done done)
{
    auto *watcher = new QFutureWatcher<T>(receiver);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, receiver, [watcher, done = std::move(done)]() mutable {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([database, work = std::move(work)]() {
        T result = work(database);
        database->releaseThreadConnection();
        return result;
    }));
}

} // namespace Ui
