#pragma once
// Runs a read-only query on a pool thread and hands its result back on the receiver's thread, so the
// UI thread never queries in bulk. The work gets the database (a shared_ptr, for the services); the pool thread's connection is
// released afterwards. If the receiver is gone by then, the result is dropped; a receiver that must
// not outlive its reads (the main window) waits for its QFutureWatchers when it goes.

#include "storage/database.h"

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <utility>

namespace Ui {

template<typename T, typename Work, typename Done>
void runInBackground(const std::shared_ptr<Storage::Database> &database, QObject *receiver, Work work, Done done)
{
    auto *watcher = new QFutureWatcher<T>(receiver);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, receiver, [watcher, done = std::move(done)]() mutable {
        done(watcher->result());
        watcher->deleteLater();
    });
    // The task lets go of the database before its future reports finished (the stored task itself
    // is deleted later, on the pool thread): whoever waited for it may then drop the last reference
    // on its own thread, since closing connections from a pool thread while the application shuts
    // down is not safe.
    auto held = std::make_shared<std::shared_ptr<Storage::Database>>(database);
    watcher->setFuture(QtConcurrent::run([held, work = std::move(work)]() {
        const std::shared_ptr<Storage::Database> database = std::exchange(*held, nullptr);
        T result = work(database);
        database->releaseThreadConnection();
        return result;
    }));
}

} // namespace Ui
