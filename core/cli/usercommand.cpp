// smartdata user: the users of the REST API (add, list, remove, activate, change role or password).
// Passwords never come from the command line (it shows in `ps` and shell history): they are typed at
// a prompt without echo when stdin is a terminal, else read as the first line of stdin.

#include "auth/autherrors.h"
#include "auth/role.h"
#include "auth/userservice.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "storage/database.h"

#include <QJsonArray>

#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace Cli {

namespace {

// One line from stdin without its line end; nullopt at end of input.
std::optional<std::string> readLine()
{
    std::string line;
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(stdin)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        line.push_back(char(c));
    }
    if (!any)
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

void wipe(std::string &s)
{
    volatile char *p = s.data();
    for (size_t i = 0; i < s.size(); ++i)
        p[i] = 0;
    s.clear();
}

// Prompts on stderr with echo off, so the password never appears on screen.
std::optional<std::string> promptHidden(QTextStream &err, const QString &prompt)
{
    err << prompt;
    err.flush();
    termios saved = {};
    const bool haveTerminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (haveTerminal) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        silent.c_lflag |= ECHONL;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    std::optional<std::string> line = readLine();
    if (haveTerminal)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    return line;
}

Common::Result<QString> readPassword(QTextStream &err, const QString &email)
{
    auto noPassword = [] {
        return Common::Error::badInput(QStringLiteral("NO_PASSWORD"),
                                       QStringLiteral("No password was given: type it at the prompt, or pipe it as the first line of stdin."));
    };
    if (!::isatty(STDIN_FILENO)) {
        std::optional<std::string> line = readLine();
        if (!line || line->empty())
            return noPassword();
        const QString password = QString::fromStdString(*line);
        wipe(*line);
        return password;
    }
    std::optional<std::string> first = promptHidden(err, QStringLiteral("Password for %1: ").arg(email));
    if (!first || first->empty())
        return noPassword();
    std::optional<std::string> second = promptHidden(err, QStringLiteral("Repeat the password: "));
    const bool same = second && *first == *second;
    const QString password = QString::fromStdString(*first);
    wipe(*first);
    if (second)
        wipe(*second);
    if (!same)
        return Common::Error::badInput(QStringLiteral("PASSWORD_MISMATCH"), QStringLiteral("The two passwords differ; nothing was changed."));
    return password;
}

Common::Result<Auth::Role> roleFrom(const QString &text)
{
    if (const auto role = Auth::parseRole(text))
        return *role;
    return Common::Error::badInput(QString::fromLatin1(Auth::Errors::InvalidRole),
                                   QStringLiteral("Unknown role '%1': use admin, analyst or viewer.").arg(text));
}

void printUser(Context &context, const Auth::User &user, const QString &what)
{
    if (context.global.json) {
        printJson(context.out, user.toJson());
        return;
    }
    context.out << what << ' ' << user.email << " (role " << Auth::roleName(user.role) << ", "
                << (user.active ? "active" : "inactive") << ").\n";
    context.out.flush();
}

} // namespace

int userCommand(Context &context, const QStringList &arguments)
{
    const QString words = QStringLiteral("user");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The users of the REST API. Roles: viewer reads; analyst also ingests and runs KPI, anomaly and "
                       "forecast jobs; admin also manages users, deletes imports and runs scheduler jobs.\n"
                       "Passwords are typed at a prompt (not echoed) or, when stdin is not a terminal, read from its "
                       "first line; never give one on the command line.\n\n"
                       "  add EMAIL [--role R]         add a user (role viewer unless --role says otherwise)\n"
                       "  list                         list the users (--json for machines)\n"
                       "  remove EMAIL                 remove a user and their sessions\n"
                       "  set-active EMAIL true|false  activate or deactivate a user (deactivating signs them out)\n"
                       "  set-role EMAIL ROLE          change a user's role\n"
                       "  set-password EMAIL           set a new password (signs the user out everywhere)"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, list, remove, set-active, set-role or set-password"),
                                 QStringLiteral("add|list|remove|set-active|set-role|set-password"));
    parser.addPositionalArgument(QStringLiteral("arguments"), QStringLiteral("the email, then true|false or a role"), QStringLiteral("[EMAIL] [VALUE]"));
    const QCommandLineOption roleOption(QStringLiteral("role"), QStringLiteral("admin, analyst or viewer (add)"), QStringLiteral("R"));
    parser.addOption(roleOption);
    if (const int code = parseCommandLine(parser, context, words, arguments); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    auto usageError = [&](const QString &message) {
        context.err << "smartdata user: " << message << "\n\n" << commandHelp(parser, words);
        context.err.flush();
        return int(ExitUsage);
    };
    struct Shape
    {
        const char *name;
        int arguments;
        const char *form;
    };
    static const Shape s_shapes[] = {{"add", 1, "add EMAIL [--role R]"},
                                     {"list", 0, "list"},
                                     {"remove", 1, "remove EMAIL"},
                                     {"set-active", 2, "set-active EMAIL true|false"},
                                     {"set-role", 2, "set-role EMAIL ROLE"},
                                     {"set-password", 1, "set-password EMAIL"}};
    const Shape *shape = nullptr;
    for (const Shape &s : s_shapes) {
        if (action == QLatin1String(s.name))
            shape = &s;
    }
    if (!shape) {
        return usageError(action.isEmpty() ? QStringLiteral("say add, list, remove, set-active, set-role or set-password.")
                                           : QStringLiteral("unknown action '%1'.").arg(action));
    }
    if (positional.size() != shape->arguments + 1)
        return usageError(QStringLiteral("expected: smartdata user %1").arg(QLatin1String(shape->form)));
    if (parser.isSet(roleOption) && action != QLatin1String("add"))
        return usageError(QStringLiteral("--role belongs to 'add'; use set-role to change a role."));
    const QString email = positional.value(1);

    // Check what can be checked before asking for a password.
    Auth::Role role = Auth::Role::Viewer;
    if (parser.isSet(roleOption) || action == QLatin1String("set-role")) {
        auto parsed = roleFrom(action == QLatin1String("set-role") ? positional.value(2) : parser.value(roleOption));
        if (!parsed)
            return reportError(context.err, parsed.error());
        role = *parsed;
    }
    bool active = true;
    if (action == QLatin1String("set-active")) {
        const QString value = positional.value(2).toLower();
        if (value == QLatin1String("true") || value == QLatin1String("yes") || value == QLatin1String("1"))
            active = true;
        else if (value == QLatin1String("false") || value == QLatin1String("no") || value == QLatin1String("0"))
            active = false;
        else
            return usageError(QStringLiteral("set-active expects true or false, got '%1'.").arg(positional.value(2)));
    }

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    Auth::UserService users(*db);

    if (action == QLatin1String("list")) {
        auto list = users.list();
        if (!list)
            return reportError(context.err, list.error());
        if (context.global.json) {
            QJsonArray array;
            for (const Auth::User &u : *list)
                array.append(u.toJson());
            printJson(context.out, array);
            return ExitOk;
        }
        if (list->isEmpty()) {
            context.out << "No users yet. Add one with: smartdata user add EMAIL --role admin\n";
            context.out.flush();
            return ExitOk;
        }
        auto shortTime = [](QString iso) { return iso.isEmpty() ? QStringLiteral("-") : iso.left(19).replace(QLatin1Char('T'), QLatin1Char(' ')); };
        QList<QStringList> rows;
        for (const Auth::User &u : *list)
            rows.append({QString::number(u.id), u.email, Auth::roleName(u.role), u.active ? QStringLiteral("yes") : QStringLiteral("no"),
                         shortTime(u.createdAt), shortTime(u.lastLoginAt)});
        printTable(context.out, {QStringLiteral("id"), QStringLiteral("email"), QStringLiteral("role"), QStringLiteral("active"),
                                 QStringLiteral("created (UTC)"), QStringLiteral("last login (UTC)")}, rows);
        return ExitOk;
    }
    if (action == QLatin1String("add")) {
        auto password = readPassword(context.err, email.trimmed().toLower());
        if (!password)
            return reportError(context.err, password.error());
        auto user = users.addUser(email, *password, role);
        if (!user)
            return reportError(context.err, user.error());
        printUser(context, *user, QStringLiteral("Added"));
        return ExitOk;
    }
    if (action == QLatin1String("remove")) {
        if (Common::Status removed = users.remove(email); !removed)
            return reportError(context.err, removed.error());
        if (!context.global.json) {
            context.out << "Removed " << email.trimmed().toLower() << ".\n";
            context.out.flush();
        } else {
            printJson(context.out, QJsonObject{{QStringLiteral("removed"), email.trimmed().toLower()}});
        }
        return ExitOk;
    }
    if (action == QLatin1String("set-active")) {
        auto user = users.setActive(email, active);
        if (!user)
            return reportError(context.err, user.error());
        printUser(context, *user, QStringLiteral("Updated"));
        return ExitOk;
    }
    if (action == QLatin1String("set-role")) {
        auto user = users.setRole(email, role);
        if (!user)
            return reportError(context.err, user.error());
        printUser(context, *user, QStringLiteral("Updated"));
        return ExitOk;
    }
    // set-password: make sure the user exists before asking.
    auto user = users.findByEmail(email);
    if (!user)
        return reportError(context.err, user.error());
    auto password = readPassword(context.err, user->email);
    if (!password)
        return reportError(context.err, password.error());
    if (Common::Status changed = users.setPassword(email, *password); !changed)
        return reportError(context.err, changed.error());
    printUser(context, *user, QStringLiteral("Changed the password of"));
    return ExitOk;
}

} // namespace Cli
