#include "apiserverview.h"

#include "api/apiserver.h"
#include "api/apisettings.h"
#include "auth/emailaddress.h"
#include "auth/passwordpolicy.h"
#include "auth/userservice.h"
#include "storage/database.h"
#include "ui/backgroundtask.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

const QString HostKey = QStringLiteral("api/host");
const QString PortKey = QStringLiteral("api/port");

struct UserList final
{
    QList<Auth::User> users;
    QString error;
};

struct UserChange final
{
    bool ok = false;
    QString message;
};

QHostAddress parseHost(const QString &text)
{
    const QString host = text.trimmed();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(host);
}

QString roleText(Auth::Role role)
{
    switch (role) {
    case Auth::Role::Viewer: return ApiServerView::tr("viewer (reads data)");
    case Auth::Role::Analyst: return ApiServerView::tr("analyst (imports and runs analyses)");
    case Auth::Role::Admin: return ApiServerView::tr("admin (also manages users)");
    }
    return {};
}

} // namespace

ApiServerView::ApiServerView(std::shared_ptr<Storage::Database> database, QWidget *parent)
    : QWidget(parent)
    , m_database(std::move(database))
{
    setObjectName(QStringLiteral("apiServerView"));
    const QSettings settings(QCoreApplication::applicationName());

    m_host = new QLineEdit(settings.value(HostKey, QStringLiteral("127.0.0.1")).toString(), this);
    m_host->setObjectName(QStringLiteral("apiHost"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("apiPort"));
    m_port->setRange(0, 65535);
    m_port->setValue(settings.value(PortKey, 8000).toInt());
    m_hostLabel = new QLabel(this);
    m_hostLabel->setBuddy(m_host);
    m_portLabel = new QLabel(this);
    m_portLabel->setBuddy(m_port);
    m_toggle = new QPushButton(this);
    m_toggle->setObjectName(QStringLiteral("apiToggle"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("apiStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setOpenExternalLinks(true);
    m_status->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("apiExposureWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #c62828"));

    const Api::ApiSettings apiSettings = Api::ApiSettings::load();
    m_signupRole = new QComboBox(this);
    m_signupRole->setObjectName(QStringLiteral("apiSignupRole"));
    for (const QString &name : {QStringLiteral("viewer"), QStringLiteral("analyst"), QStringLiteral("none")})
        m_signupRole->addItem(QString(), name);
    m_signupRole->setCurrentIndex(qMax(0, m_signupRole->findData(Api::ApiSettings::signupRoleName(apiSettings.signupRole))));
    m_signupRoleLabel = new QLabel(this);
    m_signupRoleLabel->setBuddy(m_signupRole);
    m_corsOrigins = new QLineEdit(apiSettings.corsOrigins.join(QLatin1Char(' ')), this);
    m_corsOrigins->setObjectName(QStringLiteral("apiCorsOrigins"));
    m_corsOriginsLabel = new QLabel(this);
    m_corsOriginsLabel->setBuddy(m_corsOrigins);
    auto *accessForm = new QFormLayout;
    accessForm->addRow(m_signupRoleLabel, m_signupRole);
    accessForm->addRow(m_corsOriginsLabel, m_corsOrigins);

    auto *serverRow = new QHBoxLayout;
    serverRow->addWidget(m_hostLabel);
    serverRow->addWidget(m_host);
    serverRow->addWidget(m_portLabel);
    serverRow->addWidget(m_port);
    serverRow->addWidget(m_toggle);
    serverRow->addStretch();

    m_usersTitle = new QLabel(this);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("apiUsers"));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);

    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("newUserEmail"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("newUserPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("newUserRole"));
    for (Auth::Role role : {Auth::Role::Viewer, Auth::Role::Analyst, Auth::Role::Admin})
        m_role->addItem(QString(), Auth::roleName(role));
    m_emailLabel = new QLabel(this);
    m_emailLabel->setBuddy(m_email);
    m_passwordLabel = new QLabel(this);
    m_passwordLabel->setBuddy(m_password);
    m_roleLabel = new QLabel(this);
    m_roleLabel->setBuddy(m_role);
    m_add = new QPushButton(this);
    m_add->setObjectName(QStringLiteral("addUser"));
    m_remove = new QPushButton(this);
    m_remove->setObjectName(QStringLiteral("removeUser"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("apiMessage"));
    m_message->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(m_emailLabel, m_email);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(m_roleLabel, m_role);
    auto *userButtons = new QHBoxLayout;
    userButtons->addWidget(m_add);
    userButtons->addWidget(m_remove);
    userButtons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(serverRow);
    layout->addWidget(m_status);
    layout->addWidget(m_warning);
    layout->addLayout(accessForm);
    layout->addSpacing(8);
    layout->addWidget(m_usersTitle);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addLayout(userButtons);
    layout->addWidget(m_message);

    connect(m_toggle, &QPushButton::clicked, this, [this] {
        if (isRunning())
            stopServer();
        else
            startServer();
    });
    connect(m_host, &QLineEdit::textChanged, this, &ApiServerView::updateExposureWarning);
    connect(m_add, &QPushButton::clicked, this, &ApiServerView::addUserFromForm);
    connect(m_remove, &QPushButton::clicked, this, &ApiServerView::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] { m_remove->setEnabled(!m_busy && m_table->currentRow() >= 0); });

    retranslateUi();
    updateState();
    reloadUsers();
}

ApiServerView::~ApiServerView() = default;

void ApiServerView::retranslateUi()
{
    m_hostLabel->setText(tr("&Address:"));
    m_portLabel->setText(tr("&Port:"));
    m_host->setToolTip(tr("The address to listen on. 127.0.0.1 (the default) is reachable only from this computer."));
    m_port->setToolTip(tr("0 picks any free port."));
    m_host->setAccessibleName(tr("Listening address"));
    m_port->setAccessibleName(tr("Port"));
    m_signupRoleLabel->setText(tr("Self-&signup:"));
    m_signupRole->setItemText(0, tr("open, new users are viewers"));
    m_signupRole->setItemText(1, tr("open, new users are analysts (may import and run analyses)"));
    m_signupRole->setItemText(2, tr("closed (only users added here)"));
    m_signupRole->setToolTip(tr("Who may create an account on the sign-up page. The first account always becomes admin; "
                                "signup is only open while the server listens on a loopback address."));
    m_corsOriginsLabel->setText(tr("Allowed &web origins:"));
    m_corsOrigins->setPlaceholderText(tr("none"));
    m_corsOrigins->setToolTip(tr("Web pages from these origins may call the API from the browser (CORS), separated by spaces: "
                                 "e.g. http://localhost:* https://dash.example.com. “none” turns this off."));
    m_corsOrigins->setAccessibleName(tr("Allowed web origins"));
    m_usersTitle->setText(tr("<b>Users of the API</b>"));
    m_table->setHorizontalHeaderLabels({tr("Email"), tr("Role"), tr("Active"), tr("Last sign-in")});
    m_emailLabel->setText(tr("&Email:"));
    m_passwordLabel->setText(tr("Pass&word:"));
    m_roleLabel->setText(tr("R&ole:"));
    m_password->setPlaceholderText(tr("at least %1 characters, not the email").arg(Auth::PasswordPolicy::MinLength));
    for (int i = 0; i < m_role->count(); ++i)
        m_role->setItemText(i, roleText(Auth::parseRole(m_role->itemData(i).toString()).value_or(Auth::Role::Viewer)));
    m_add->setText(tr("&Add User"));
    m_remove->setText(tr("Re&move User…"));
    updateState();
    updateExposureWarning();
    if (!m_users.isEmpty() || m_table->rowCount() > 0)
        reloadUsers();
}

void ApiServerView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool ApiServerView::isRunning() const
{
    return m_server != nullptr;
}

quint16 ApiServerView::port() const
{
    return m_server ? m_server->port() : 0;
}

QString ApiServerView::url() const
{
    if (!m_server)
        return {};
    const QHostAddress host = m_server->options().host;
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
                                                                              : host.toString();
    return QStringLiteral("http://%1:%2/").arg(hostText).arg(port());
}

QString ApiServerView::statusText() const
{
    return m_status->text();
}

QString ApiServerView::message() const
{
    return m_message->text();
}

bool ApiServerView::startServer()
{
    if (m_server)
        return true;
    const QHostAddress host = parseHost(m_host->text());
    if (host.isNull()) {
        m_error = tr("“%1” is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0).").arg(m_host->text().trimmed());
        updateState();
        return false;
    }
    Api::ApiSettings apiSettings;
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    apiSettings.corsOrigins = m_corsOrigins->text().split(separators, Qt::SkipEmptyParts);
    if (apiSettings.corsOrigins.isEmpty())
        apiSettings.corsOrigins = QStringList{QStringLiteral("none")};
    const auto signupRole = Api::ApiSettings::parseSignupRole(m_signupRole->currentData().toString());
    apiSettings.signupRole = signupRole ? *signupRole : std::optional<Auth::Role>(Auth::Role::Viewer);
    Api::ServerOptions options;
    options.host = host;
    options.port = quint16(m_port->value());
    if (const Common::Status applied = apiSettings.applyTo(options); !applied) {
        m_error = tr("Allowed web origins: %1").arg(applied.error().message);
        updateState();
        return false;
    }
    auto server = std::make_unique<Api::ApiServer>(m_database, options);
    if (!server->start()) {
        m_error = tr("Cannot start on %1:%2: %3").arg(host.toString()).arg(options.port).arg(server->errorString());
        updateState();
        return false;
    }
    if (!host.isLoopback())
        qWarning("API server listening on %s, not a loopback address: anyone who can reach it may try to sign in.",
                 qPrintable(host.toString()));
    m_server = std::move(server);
    m_error.clear();
    QSettings settings(QCoreApplication::applicationName());
    settings.setValue(HostKey, m_host->text().trimmed());
    settings.setValue(PortKey, m_port->value());
    apiSettings.save();
    updateState();
    Q_EMIT serverStateChanged(true);
    return true;
}

void ApiServerView::stopServer()
{
    if (!m_server)
        return;
    m_server->stop();
    m_server.reset();
    updateState();
    Q_EMIT serverStateChanged(false);
}

void ApiServerView::updateState()
{
    m_host->setEnabled(!m_server);
    m_port->setEnabled(!m_server);
    m_signupRole->setEnabled(!m_server);
    m_corsOrigins->setEnabled(!m_server);
    m_toggle->setText(m_server ? tr("S&top Server") : tr("&Start Server"));
    if (m_server) {
        const QString link = url();
        m_status->setText(tr("<b>Running</b> at <a href=\"%1\">%1</a> · documentation: <a href=\"%1api/openapi.json\">%1api/openapi.json</a>")
                              .arg(link.toHtmlEscaped()));
    } else if (!m_error.isEmpty()) {
        m_status->setText(tr("<b>Stopped</b> — %1").arg(m_error.toHtmlEscaped()));
    } else {
        m_status->setText(tr("<b>Stopped</b>"));
    }
}

void ApiServerView::updateExposureWarning()
{
    const QHostAddress host = parseHost(m_host->text());
    if (!host.isNull() && !host.isLoopback()) {
        m_warning->setText(tr("Warning: %1 is not a loopback address. Anyone who can reach this computer on the network "
                              "may try to sign in and, with an account, read your data. Prefer 127.0.0.1 unless you "
                              "need remote access, and use strong passwords.")
                               .arg(host.toString()));
        m_warning->show();
    } else {
        m_warning->clear();
        m_warning->hide();
    }
}

void ApiServerView::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828") : QString());
}

void ApiServerView::reloadUsers()
{
    runInBackground<UserList>(
        m_database, this,
        [](const std::shared_ptr<Storage::Database> &database) {
            UserList list;
            auto users = Auth::UserService(database).list();
            if (users)
                list.users = *users;
            else
                list.error = users.error().message;
            return list;
        },
        [this](const UserList &list) {
            m_users = list.users;
            const QLocale locale;
            m_table->setRowCount(0);
            for (const Auth::User &user : std::as_const(m_users)) {
                const int r = m_table->rowCount();
                m_table->insertRow(r);
                const QDateTime lastLogin = QDateTime::fromString(user.lastLoginAt, Qt::ISODate);
                const QStringList cells{user.email, Auth::roleName(user.role), user.active ? tr("yes") : tr("no"),
                                        lastLogin.isValid() ? locale.toString(lastLogin.toLocalTime(), QLocale::ShortFormat)
                                                            : tr("never")};
                for (int c = 0; c < cells.size(); ++c) {
                    auto *item = new QTableWidgetItem(cells[c]);
                    item->setData(Qt::UserRole, user.email);
                    m_table->setItem(r, c, item);
                }
            }
            m_table->resizeColumnsToContents();
            m_remove->setEnabled(!m_busy && m_table->currentRow() >= 0);
            if (!list.error.isEmpty())
                setMessage(tr("Cannot list the users: %1").arg(list.error), true);
            Q_EMIT usersReloaded();
        });
}

void ApiServerView::addUserFromForm()
{
    const QString email = m_email->text().trimmed();
    const QString password = m_password->text();
    const auto role = Auth::parseRole(m_role->currentData().toString()).value_or(Auth::Role::Viewer);
    // The same checks UserService makes, first here so the message is immediate and names the field.
    auto normalized = Auth::EmailAddress::normalize(email);
    if (!normalized) {
        const QString text = tr("Email: “%1” is not a valid address (%2).").arg(email, normalized.error().message);
        setMessage(text, true);
        Q_EMIT userAdded(false, text);
        return;
    }
    if (const Common::Status strong = Auth::PasswordPolicy::check(password, *normalized); !strong) {
        const QString text = tr("Password: %1").arg(strong.error().message);
        setMessage(text, true);
        Q_EMIT userAdded(false, text);
        return;
    }
    m_busy = true;
    m_add->setEnabled(false);
    setMessage(tr("Adding %1…").arg(*normalized), false);
    runInBackground<UserChange>(
        m_database, this,
        [email = *normalized, password, role](const std::shared_ptr<Storage::Database> &database) {
            UserChange change;
            auto user = Auth::UserService(database).addUser(email, password, role);
            change.ok = user.ok();
            change.message = user ? tr("Added %1 as %2.").arg(user->email, Auth::roleName(user->role))
                                  : tr("Could not add %1: %2").arg(email, user.error().message);
            return change;
        },
        [this](const UserChange &change) {
            m_busy = false;
            m_add->setEnabled(true);
            setMessage(change.message, !change.ok);
            if (change.ok) {
                m_email->clear();
                m_password->clear();
            }
            reloadUsers();
            Q_EMIT userAdded(change.ok, change.message);
        });
}

void ApiServerView::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    removeUser(m_table->item(row, 0)->data(Qt::UserRole).toString());
}

void ApiServerView::removeUser(const QString &email, bool confirm)
{
    if (confirm) {
        const auto answer = QMessageBox::question(this, tr("Remove User"),
                                                  tr("Remove %1? They can no longer sign in to the API, and their "
                                                     "sessions end.").arg(email),
                                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    runInBackground<UserChange>(
        m_database, this,
        [email](const std::shared_ptr<Storage::Database> &database) {
            UserChange change;
            const Common::Status removed = Auth::UserService(database).remove(email);
            change.ok = removed.ok();
            change.message = removed ? tr("Removed %1.").arg(email) : tr("Could not remove %1: %2").arg(email, removed.error().message);
            return change;
        },
        [this](const UserChange &change) {
            setMessage(change.message, !change.ok);
            reloadUsers();
            Q_EMIT userRemoved(change.ok, change.message);
        });
}

} // namespace Ui
