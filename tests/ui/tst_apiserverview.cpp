// The API server view: starts the REST server in-process on a free port, which answers; stops it;
// warns about non-loopback addresses; adds users (refusing weak passwords with the policy's reason)
// and removes them.

#include "auth/userservice.h"
#include "storage/database.h"
#include "ui/apiserverview.h"

#include <QComboBox>
#include <QEventLoop>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class TestApiServerView final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startsAnswersAndStops();
    void warnsAboutNonLoopbackAddresses();
    void refusesBadAddress();
    void signupRoleAndCorsOriginsReachTheServer();
    void refusesBadCorsOrigin();
    void addsAndRemovesUsers();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
};

namespace {

int getStatus(const QUrl &url, QByteArray *body = nullptr)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy); // a proxy from the environment must not see 127.0.0.1
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    QNetworkReply *reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (body)
        *body = reply->readAll();
    reply->deleteLater();
    return status;
}

} // namespace

void TestApiServerView::initTestCase()
{
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("api.db")));
    QVERIFY(db.ok());
    m_db = *db;
}

void TestApiServerView::startsAnswersAndStops()
{
    Ui::ApiServerView view(m_db);
    QVERIFY(!view.isRunning());
    QVERIFY(view.statusText().contains(QLatin1String("Stopped")));
    view.hostEdit()->setText(QStringLiteral("127.0.0.1"));
    view.portBox()->setValue(0); // any free port
    QSignalSpy state(&view, &Ui::ApiServerView::serverStateChanged);
    QVERIFY2(view.startServer(), qPrintable(view.statusText()));
    QCOMPARE(state.size(), 1);
    QVERIFY(view.isRunning());
    const quint16 port = view.port();
    QVERIFY(port > 0);
    QCOMPARE(view.url(), QStringLiteral("http://127.0.0.1:%1/").arg(port));
    QVERIFY(view.statusText().contains(QLatin1String("Running")));
    QVERIFY(view.statusText().contains(view.url()));
    QVERIFY(!view.hostEdit()->isEnabled());

    QByteArray body;
    QCOMPARE(getStatus(QUrl(view.url() + QStringLiteral("api/health")), &body), 200);
    QVERIFY(!body.isEmpty());

    view.stopServer();
    QVERIFY(!view.isRunning());
    QCOMPARE(state.size(), 2);
    QVERIFY(view.statusText().contains(QLatin1String("Stopped")));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!socket.waitForConnected(1000)); // nobody listens any more
}

void TestApiServerView::warnsAboutNonLoopbackAddresses()
{
    Ui::ApiServerView view(m_db);
    view.hostEdit()->setText(QStringLiteral("127.0.0.1"));
    QVERIFY(!view.exposureWarning()->isVisibleTo(&view));
    view.hostEdit()->setText(QStringLiteral("0.0.0.0"));
    QVERIFY(view.exposureWarning()->isVisibleTo(&view));
    QVERIFY(view.exposureWarning()->text().contains(QLatin1String("not a loopback address")));
    view.hostEdit()->setText(QStringLiteral("::1"));
    QVERIFY(!view.exposureWarning()->isVisibleTo(&view));
}

void TestApiServerView::refusesBadAddress()
{
    Ui::ApiServerView view(m_db);
    view.hostEdit()->setText(QStringLiteral("not-an-address"));
    QVERIFY(!view.startServer());
    QVERIFY(!view.isRunning());
    QVERIFY(view.statusText().contains(QLatin1String("is not an IP address")));
}

void TestApiServerView::signupRoleAndCorsOriginsReachTheServer()
{
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("signup.db")));
    QVERIFY(db.ok());
    {
        Ui::ApiServerView view(*db);
        view.portBox()->setValue(0);
        view.signupRoleBox()->setCurrentIndex(view.signupRoleBox()->findData(QStringLiteral("analyst")));
        view.corsOriginsEdit()->setText(QStringLiteral("https://dash.example.com, http://127.0.0.1:*"));
        QVERIFY2(view.startServer(), qPrintable(view.statusText()));
        QVERIFY(!view.signupRoleBox()->isEnabled());
        QVERIFY(!view.corsOriginsEdit()->isEnabled());
        // The server runs on this thread: asynchronous requests, with an event loop.
        auto send = [&](const QByteArray &verb, const QByteArray &path, const QList<QPair<QByteArray, QByteArray>> &headers,
                        const QByteArray &body) -> QNetworkReply * {
            auto *manager = new QNetworkAccessManager(&view);
            manager->setProxy(QNetworkProxy::NoProxy);
            QNetworkRequest request(QUrl(view.url() + QString::fromLatin1(path.mid(1))));
            request.setTransferTimeout(5000);
            for (const auto &[name, value] : headers)
                request.setRawHeader(name, value);
            QNetworkReply *reply = manager->sendCustomRequest(request, verb, body);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            return reply;
        };
        QNetworkReply *preflight = send("OPTIONS", "/api/auth/login",
                                        {{"Origin", "https://dash.example.com"}, {"Access-Control-Request-Method", "POST"}}, {});
        QCOMPARE(preflight->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
        QCOMPARE(preflight->rawHeader("Access-Control-Allow-Origin"), QByteArray("https://dash.example.com"));
        auto signup = [&](const QByteArray &email) {
            QNetworkReply *reply = send("POST", "/api/auth/signup", {{"Content-Type", "application/json"}},
                                        "{\"email\":\"" + email + "\",\"password\":\"Long-Enough-Pass-42\"}");
            return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        };
        QCOMPARE(signup("first@example.com"), 201);
        QCOMPARE(signup("second@example.com"), 201);
        view.stopServer();
    }
    auto users = Auth::UserService(*db).findByEmail(QStringLiteral("second@example.com"));
    QVERIFY(users.ok());
    QCOMPARE(users->role, Auth::Role::Analyst);
    // Kept for the next start, and for `smartdata serve`.
    Ui::ApiServerView again(*db);
    QCOMPARE(again.signupRoleBox()->currentData().toString(), QStringLiteral("analyst"));
    QCOMPARE(again.corsOriginsEdit()->text(), QStringLiteral("https://dash.example.com http://127.0.0.1:*"));
}

void TestApiServerView::refusesBadCorsOrigin()
{
    Ui::ApiServerView view(m_db);
    view.portBox()->setValue(0);
    view.corsOriginsEdit()->setText(QStringLiteral("localhost:5173"));
    QVERIFY(!view.startServer());
    QVERIFY(!view.isRunning());
    QVERIFY2(view.statusText().contains(QLatin1String("localhost:5173")), qPrintable(view.statusText()));
}

void TestApiServerView::addsAndRemovesUsers()
{
    Ui::ApiServerView view(m_db);
    QSignalSpy reloaded(&view, &Ui::ApiServerView::usersReloaded);
    QVERIFY(reloaded.wait(5000));
    QCOMPARE(view.usersTable()->rowCount(), 0);
    QSignalSpy added(&view, &Ui::ApiServerView::userAdded);

    // The policy's reasons come back before anything is stored.
    view.emailEdit()->setText(QStringLiteral("admin@example.com"));
    view.passwordEdit()->setText(QStringLiteral("short"));
    view.addUserFromForm();
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).at(0).toBool(), false);
    QVERIFY(added.at(0).at(1).toString().startsWith(QLatin1String("Password:")));
    view.emailEdit()->setText(QStringLiteral("not an email"));
    view.passwordEdit()->setText(QStringLiteral("a long enough passphrase"));
    view.addUserFromForm();
    QCOMPARE(added.size(), 2);
    QVERIFY(added.at(1).at(1).toString().startsWith(QLatin1String("Email:")));

    view.emailEdit()->setText(QStringLiteral("Admin@Example.com"));
    view.passwordEdit()->setText(QStringLiteral("correct horse battery"));
    view.roleBox()->setCurrentIndex(view.roleBox()->findData(QStringLiteral("admin")));
    view.addUserFromForm();
    QTRY_COMPARE_WITH_TIMEOUT(added.size(), 3, 30000);
    QVERIFY2(added.at(2).at(0).toBool(), qPrintable(added.at(2).at(1).toString()));
    QTRY_COMPARE(view.usersTable()->rowCount(), 1);
    QCOMPARE(view.usersTable()->item(0, 0)->text(), QStringLiteral("admin@example.com"));
    QCOMPARE(view.usersTable()->item(0, 1)->text(), QStringLiteral("admin"));
    QVERIFY(view.emailEdit()->text().isEmpty());
    QVERIFY(view.passwordEdit()->text().isEmpty());

    view.emailEdit()->setText(QStringLiteral("ana@example.com"));
    view.passwordEdit()->setText(QStringLiteral("another good passphrase"));
    view.roleBox()->setCurrentIndex(view.roleBox()->findData(QStringLiteral("analyst")));
    view.addUserFromForm();
    QTRY_COMPARE_WITH_TIMEOUT(added.size(), 4, 30000);
    QVERIFY(added.at(3).at(0).toBool());
    QTRY_COMPARE(view.usersTable()->rowCount(), 2);

    // Taken email: the service's reason.
    view.emailEdit()->setText(QStringLiteral("ana@example.com"));
    view.passwordEdit()->setText(QStringLiteral("yet another passphrase"));
    view.addUserFromForm();
    QTRY_COMPARE_WITH_TIMEOUT(added.size(), 5, 30000);
    QVERIFY(!added.at(4).at(0).toBool());

    QSignalSpy removed(&view, &Ui::ApiServerView::userRemoved);
    view.removeUser(QStringLiteral("ana@example.com"), false);
    QTRY_COMPARE(removed.size(), 1);
    QVERIFY(removed.at(0).at(0).toBool());
    QTRY_COMPARE(view.usersTable()->rowCount(), 1);
    // The last admin stays: the service refuses and the view says why.
    view.removeUser(QStringLiteral("admin@example.com"), false);
    QTRY_COMPARE(removed.size(), 2);
    QVERIFY(!removed.at(1).at(0).toBool());
    QVERIFY(view.message().contains(QLatin1String("Could not remove")));
    QTRY_COMPARE(view.usersTable()->rowCount(), 1);
}

QTEST_MAIN(TestApiServerView)
#include "tst_apiserverview.moc"
