#pragma once
// The "API server" view: starts and stops the REST API (API.md) inside the desktop app, on the
// address and port chosen here (loopback by default; any other address is warned about because it
// exposes the data to the network), the role of self-signups (viewer, analyst or closed) and the web
// origins whose pages may call it (CORS; Api::ApiSettings, shared with `smartdata serve`), shows its
// URL and state, and manages the API's users: the list
// with roles, adding one (email, role, password checked against the password policy) and removing
// one. Password hashing (Argon2id) and the user queries run on pool threads.

#include "auth/role.h"
#include "auth/user.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Api {
class ApiServer;
}
namespace Storage {
class Database;
}

namespace Ui {

class ApiServerView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServerView)

public:
    explicit ApiServerView(std::shared_ptr<Storage::Database> database, QWidget *parent = nullptr);
    ~ApiServerView() override;

    // Starts on the address and port in the fields; false with the reason in statusText().
    bool startServer();
    void stopServer();
    bool isRunning() const;
    quint16 port() const;
    QString url() const;
    QString statusText() const;
    QString message() const;

    // Adds a user from the form's fields (asynchronously; userAdded reports the outcome).
    void addUserFromForm();
    // Removes a user; asks first when confirm is true. The outcome comes with usersReloaded.
    void removeUser(const QString &email, bool confirm = true);
    void reloadUsers();
    QList<Auth::User> users() const { return m_users; }

    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portBox() const { return m_port; }
    QLabel *exposureWarning() const { return m_warning; }
    QLineEdit *emailEdit() const { return m_email; }
    QLineEdit *passwordEdit() const { return m_password; }
    QComboBox *roleBox() const { return m_role; }
    QComboBox *signupRoleBox() const { return m_signupRole; }
    QLineEdit *corsOriginsEdit() const { return m_corsOrigins; }
    QTableWidget *usersTable() const { return m_table; }

Q_SIGNALS:
    void serverStateChanged(bool running);
    void usersReloaded();
    void userAdded(bool ok, const QString &message);
    void userRemoved(bool ok, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateState();
    void updateExposureWarning();
    void setMessage(const QString &text, bool error);
    void removeSelected();

    std::shared_ptr<Storage::Database> m_database;
    std::unique_ptr<Api::ApiServer> m_server;
    QString m_error;
    QList<Auth::User> m_users;

    QLabel *m_hostLabel = nullptr;
    QLabel *m_portLabel = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QPushButton *m_toggle = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_signupRoleLabel = nullptr;
    QComboBox *m_signupRole = nullptr;
    QLabel *m_corsOriginsLabel = nullptr;
    QLineEdit *m_corsOrigins = nullptr;
    QLabel *m_usersTitle = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_emailLabel = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLabel *m_roleLabel = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_password = nullptr;
    QComboBox *m_role = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_message = nullptr;
    bool m_busy = false;
};

} // namespace Ui
