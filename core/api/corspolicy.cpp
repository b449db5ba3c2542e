#include "corspolicy.h"

namespace Api {

namespace {

struct Origin
{
    QString scheme;
    QString host;
    int port = -1; // -1: "*" (rules only)
    bool valid = false;
};

int defaultPort(const QString &scheme)
{
    return scheme == QLatin1String("https") ? 443 : 80;
}

// "scheme://host[:port]" (a rule may end in ":*" and a slash). Only http and https: a page's origin
// has no other scheme a browser would send here.
Origin parseOrigin(const QString &text, bool rule)
{
    Origin origin;
    QString rest = text.trimmed();
    if (rule && rest.endsWith(QLatin1Char('/')))
        rest.chop(1);
    const qsizetype sep = rest.indexOf(QLatin1String("://"));
    if (sep <= 0)
        return origin;
    origin.scheme = rest.left(sep).toLower();
    if (origin.scheme != QLatin1String("http") && origin.scheme != QLatin1String("https"))
        return origin;
    rest = rest.mid(sep + 3);
    QString portText;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return origin;
        origin.host = rest.left(close + 1).toLower();
        rest = rest.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return origin;
            portText = rest.mid(1);
            if (portText.isEmpty())
                return origin;
        }
    } else {
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        origin.host = (colon < 0 ? rest : rest.left(colon)).toLower();
        if (colon >= 0) {
            portText = rest.mid(colon + 1);
            if (portText.isEmpty())
                return origin;
        }
        for (const QChar c : std::as_const(origin.host))
            if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.')))
                return origin;
    }
    if (origin.host.isEmpty())
        return origin;
    if (portText.isEmpty()) {
        origin.port = defaultPort(origin.scheme);
    } else if (rule && portText == QLatin1String("*")) {
        origin.port = -1;
    } else {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port == 0 || port > 65535 || !portText.front().isDigit())
            return origin;
        origin.port = int(port);
    }
    origin.valid = true;
    return origin;
}

} // namespace

CorsPolicy::CorsPolicy()
    : m_rules{Rule{QStringLiteral("http"), QStringLiteral("localhost"), -1}, Rule{QStringLiteral("http"), QStringLiteral("127.0.0.1"), -1}}
{
}

QStringList CorsPolicy::defaultEntries()
{
    return {QStringLiteral("http://localhost:*"), QStringLiteral("http://127.0.0.1:*")};
}

CorsPolicy CorsPolicy::disabled()
{
    return CorsPolicy(QList<Rule>{});
}

Common::Result<CorsPolicy> CorsPolicy::parse(const QStringList &entries)
{
    CorsPolicy policy = disabled();
    QStringList given;
    for (const QString &entry : entries)
        if (!entry.trimmed().isEmpty())
            given << entry.trimmed();
    if (given.size() == 1 && given.first().compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return policy;
    for (const QString &entry : std::as_const(given)) {
        if (entry == QLatin1String("*")) {
            policy.m_rules.append(Rule{});
            continue;
        }
        const Origin origin = parseOrigin(entry, true);
        if (!origin.valid) {
            const QString why = entry.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0
                ? QStringLiteral("'none' turns CORS off and cannot be combined with origins.")
                : QStringLiteral("'%1' is not an origin: write scheme://host[:port] (http or https, no path), "
                                 "scheme://host:* for any port, * for every origin or none.").arg(entry);
            return Common::Error::badInput(QStringLiteral("INVALID_CORS_ORIGIN"), why,
                                           QJsonObject{{QStringLiteral("origin"), entry}});
        }
        policy.m_rules.append(Rule{origin.scheme, origin.host, origin.port});
    }
    return policy;
}

bool CorsPolicy::allows(const QByteArray &originHeader) const
{
    if (m_rules.isEmpty() || originHeader.isEmpty() || originHeader.size() > 512)
        return false;
    const Origin origin = parseOrigin(QString::fromLatin1(originHeader), false);
    if (!origin.valid || originHeader != originHeader.trimmed())
        return false;
    for (const Rule &rule : m_rules) {
        if (rule.scheme.isEmpty())
            return true;
        if (rule.scheme == origin.scheme && rule.host == origin.host && (rule.port < 0 || rule.port == origin.port))
            return true;
    }
    return false;
}

QStringList CorsPolicy::entries() const
{
    if (m_rules.isEmpty())
        return {QStringLiteral("none")};
    QStringList out;
    for (const Rule &rule : m_rules) {
        if (rule.scheme.isEmpty())
            out << QStringLiteral("*");
        else if (rule.port < 0)
            out << rule.scheme + QStringLiteral("://") + rule.host + QStringLiteral(":*");
        else if (rule.port == defaultPort(rule.scheme))
            out << rule.scheme + QStringLiteral("://") + rule.host;
        else
            out << rule.scheme + QStringLiteral("://") + rule.host + QLatin1Char(':') + QString::number(rule.port);
    }
    return out;
}

QByteArray CorsPolicy::allowedRequestHeaders()
{
    return "Authorization, Content-Type, X-Request-Id";
}

QByteArray CorsPolicy::exposedResponseHeaders()
{
    return "X-Request-Id, Retry-After, WWW-Authenticate, Allow, Content-Disposition";
}

} // namespace Api
