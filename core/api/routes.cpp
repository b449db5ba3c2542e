// The route table: health, metrics and OpenAPI here; auth, users and jobs below; the data routes in
// dataroutes.cpp.

#include "api/routehelpers.h"
#include "auth/authservice.h"
#include "jobs/jobmanager.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace Api {

using namespace Routes;

void registerRoutes(ApiServer &server)
{
    server.addRoute({"GET", QStringLiteral("/api/health"), QStringLiteral("Liveness"), {}, false, {}, true,
                     [](RouteContext &) { return envelopeReply(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}}); }, {}});
    server.addRoute({"GET", QStringLiteral("/api/health/latency"), QStringLiteral("p50/p95 latency per route over recent requests (bare)"), {}, false, {}, true,
                     [](RouteContext &c) { return jsonReply(200, c.server.metrics().latencyJson()); }, {}});
    server.addRoute({"GET", QStringLiteral("/metrics"), QStringLiteral("Prometheus metrics (text)"), {}, false, {}, true,
                     [](RouteContext &c) {
                         HttpResponse response;
                         response.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                         response.body = c.server.metrics().prometheusText();
                         return response;
                     }, {}});
    server.addRoute({"GET", QStringLiteral("/api/openapi.json"), QStringLiteral("This document"), {}, false, {}, true,
                     [](RouteContext &c) { return jsonReply(200, c.server.openApiDocument()); }, {}});
    registerAuthRoutes(server);
    registerDataRoutes(server);
    registerAdminRoutes(server);
}

namespace Routes {

void registerAuthRoutes(ApiServer &server)
{
    server.addRoute({"POST", QStringLiteral("/api/auth/signup"), QStringLiteral("Create an account (the first becomes admin); 201 token pair (bare)"), {}, false, {}, false,
                     [](RouteContext &c) {
                         auto creds = credentials(c.request);
                         if (auto *error = std::get_if<HttpResponse>(&creds))
                             return *error;
                         const auto &[email, password] = std::get<Credentials>(creds);
                         auto pair = c.server.auth()->signup(email, password, c.request.peerAddress);
                         if (!pair)
                             return errorReply(pair.error());
                         c.server.metrics().add(QStringLiteral("auth_signups"));
                         return jsonReply(201, pair->toJson());
                     }, {}, false, Route::Body::Credentials});
    server.addRoute({"POST", QStringLiteral("/api/auth/login"), QStringLiteral("Token pair for email and password (bare); 429 + Retry-After when throttled"), {}, false, {}, false,
                     [](RouteContext &c) {
                         auto creds = credentials(c.request);
                         if (auto *error = std::get_if<HttpResponse>(&creds))
                             return *error;
                         const auto &[email, password] = std::get<Credentials>(creds);
                         auto pair = c.server.auth()->login(email, password, c.request.peerAddress);
                         if (!pair) {
                             c.server.metrics().add(QStringLiteral("auth_login_failures"));
                             return errorReply(pair.error());
                         }
                         return jsonReply(200, pair->toJson());
                     }, {}, false, Route::Body::Credentials});
    server.addRoute({"POST", QStringLiteral("/api/auth/refresh"), QStringLiteral("Spend a refresh token for a new pair (bare)"), {}, false, {}, false,
                     [](RouteContext &c) {
                         auto token = refreshTokenOf(c.request);
                         if (auto *error = std::get_if<HttpResponse>(&token))
                             return *error;
                         auto pair = c.server.auth()->refresh(std::get<QString>(token), c.request.peerAddress);
                         if (!pair)
                             return errorReply(pair.error(), 401);
                         return jsonReply(200, pair->toJson());
                     }, {}, false, Route::Body::Credentials});
    server.addRoute({"POST", QStringLiteral("/api/auth/logout"), QStringLiteral("Revoke the refresh token's family"), {}, false, {}, false,
                     [](RouteContext &c) {
                         auto token = refreshTokenOf(c.request);
                         if (auto *error = std::get_if<HttpResponse>(&token))
                             return *error;
                         if (auto status = c.server.auth()->logout(std::get<QString>(token)); !status)
                             return errorReply(status.error(), 401);
                         return envelopeReply(QJsonObject{{QStringLiteral("logged_out"), true}});
                     }, {}, false, Route::Body::Credentials});
    server.addRoute({"GET", QStringLiteral("/api/auth/me"), QStringLiteral("The signed-in user"), {}, true, {}, false,
                     [](RouteContext &c) {
                         auto user = c.server.auth()->users().find(c.principal->userId);
                         if (!user)
                             return errorReply(user.error());
                         return envelopeReply(user->toJson());
                     }, {}});
}

void registerAdminRoutes(ApiServer &server)
{
    server.addRoute({"GET", QStringLiteral("/api/users"), QStringLiteral("List users (admin)"), {}, true, Auth::Permission::ManageUsers, false,
                     [](RouteContext &c) {
                         auto users = c.server.auth()->users().list();
                         if (!users)
                             return errorReply(users.error());
                         QJsonArray out;
                         for (const Auth::User &user : *users)
                             out.append(user.toJson());
                         return envelopeReply(out);
                     }, {}});
    server.addRoute({"POST", QStringLiteral("/api/users"), QStringLiteral("Add a user {email,password,role} (admin)"), {}, true, Auth::Permission::ManageUsers, false,
                     [](RouteContext &c) {
                         auto body = jsonBody(c.request);
                         if (auto *error = std::get_if<HttpResponse>(&body))
                             return *error;
                         const QJsonObject object = std::get<QJsonObject>(body);
                         const auto role = Auth::parseRole(object.value(QStringLiteral("role")).toString(QStringLiteral("viewer")));
                         if (!role)
                             return errorReply(422, QStringLiteral("INVALID_ROLE"), QStringLiteral("role must be admin, analyst or viewer."));
                         auto user = c.server.auth()->users().addUser(object.value(QStringLiteral("email")).toString(),
                                                                       object.value(QStringLiteral("password")).toString(), *role);
                         if (!user)
                             return errorReply(user.error());
                         return envelopeReply(user->toJson(), 201);
                     }, {}});
    server.addRoute({"DELETE", QStringLiteral("/api/users"), QStringLiteral("Remove the user ?email= (admin)"), {QStringLiteral("email")}, true, Auth::Permission::ManageUsers, false,
                     [](RouteContext &c) {
                         QString email = c.request.queryValue(QStringLiteral("email"));
                         if (email.isEmpty()) {
                             auto body = jsonBody(c.request);
                             if (auto *object = std::get_if<QJsonObject>(&body))
                                 email = object->value(QStringLiteral("email")).toString();
                         }
                         if (email.isEmpty())
                             return validationError(QStringLiteral("email"), QStringLiteral("Name the user to remove: ?email=."));
                         if (auto status = c.server.auth()->users().remove(email); !status)
                             return errorReply(status.error());
                         return envelopeReply(QJsonObject{{QStringLiteral("deleted"), email}});
                     }, {}});

    server.addRoute({"GET", QStringLiteral("/api/jobs"), QStringLiteral("Registered jobs and recent runs"), {}, true, Auth::Permission::ReadData, false,
                     [](RouteContext &c) {
                         QJsonArray definitions, recent;
                         c.server.runOnServerThread([&] {
                             Jobs::JobManager *manager = c.server.jobManager();
                             for (const Jobs::JobDefinition &d : manager->registry().definitions())
                                 definitions.append(QJsonObject{{QStringLiteral("name"), d.name},
                                                                {QStringLiteral("description"), d.description},
                                                                {QStringLiteral("schedule"), d.defaultSchedule},
                                                                {QStringLiteral("running"), manager->isRunning(d.name)}});
                             const QList<Jobs::Job *> jobs = manager->jobs();
                             for (Jobs::Job *job : jobs)
                                 recent.append(job->toJson());
                         });
                         return envelopeReply(QJsonObject{{QStringLiteral("jobs"), definitions}, {QStringLiteral("recent"), recent}});
                     }, {}});
    server.addRoute({"POST", QStringLiteral("/api/jobs/{name}/run"), QStringLiteral("Start a job now; 202 with the job"), {}, true, Auth::Permission::RunSchedulerJobs, false,
                     [](RouteContext &c) {
                         HttpResponse reply;
                         const QString name = c.request.pathParams.value(QStringLiteral("name"));
                         c.server.runOnServerThread([&] {
                             auto job = c.server.jobManager()->start(name, Jobs::Trigger::Manual);
                             if (!job)
                                 reply = errorReply(job.error());
                             else
                                 reply = envelopeReply((*job)->toJson(), 202);
                         });
                         return reply;
                     }, {}});
}

} // namespace Routes
} // namespace Api
