#pragma once
// Which web pages may call the API from another origin (CORS, the Fetch standard), and the headers
// that say so. The API authenticates with bearer tokens, never cookies, so letting a page read a reply
// exposes nothing the page could not already fetch with the token it holds; the allow-list only keeps
// pages from unknown origins from using a token a user pasted into them.
//
// An entry is an origin ("https://dash.example.com", "http://127.0.0.1:5173"), an origin with any
// port ("http://localhost:*"), or "*" for every origin. The default allows http://localhost:* and
// http://127.0.0.1:* (the web frontend's development set-up). An empty policy (`--cors-origin none`)
// turns CORS off: no reply carries CORS headers and a preflight is an OPTIONS like any other (405).
//
//   auto policy = Api::CorsPolicy::parse({"http://localhost:*"});
//   if (policy && policy->allows("http://localhost:5173")) ...

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace Api {

class CorsPolicy final
{
public:
    // How long a browser may cache a preflight's answer (Access-Control-Max-Age).
    static constexpr int MaxAgeSeconds = 600;

    // The default: http://localhost:* and http://127.0.0.1:*.
    CorsPolicy();

    // Entries as above; "none" alone (or an empty list) = off. INVALID_CORS_ORIGIN naming the entry otherwise.
    static Common::Result<CorsPolicy> parse(const QStringList &entries);
    static QStringList defaultEntries();
    static CorsPolicy disabled();

    bool enabled() const { return !m_rules.isEmpty(); }
    // Whether a request's Origin header (as sent: "scheme://host[:port]") may read the replies.
    bool allows(const QByteArray &origin) const;
    // The entries, normalised ("none" when off), as the settings and the OpenAPI document show them.
    QStringList entries() const;

    // The request headers a preflight may ask for, and the reply headers a page may read.
    static QByteArray allowedRequestHeaders();
    static QByteArray exposedResponseHeaders();

private:
    struct Rule
    {
        QString scheme;  // empty: any origin ("*")
        QString host;    // lower case; IPv6 in brackets
        int port = -1;   // -1: any port
    };
    explicit CorsPolicy(QList<Rule> rules)
        : m_rules(std::move(rules))
    {
    }
    QList<Rule> m_rules;
};

} // namespace Api
