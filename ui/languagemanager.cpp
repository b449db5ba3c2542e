#include "languagemanager.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace Ui {

namespace {

const QString LanguageKey = QStringLiteral("ui/language");

} // namespace

struct LanguageManager::State final
{
    std::unique_ptr<QTranslator> app;
    std::unique_ptr<QTranslator> qt;
    QString current = QStringLiteral("en");
};

LanguageManager::State &LanguageManager::state()
{
    static State s;
    return s;
}

QStringList LanguageManager::languages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")};
}

QString LanguageManager::nativeName(const QString &language)
{
    if (language == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (language == QLatin1String("fr"))
        return QStringLiteral("Français");
    return QStringLiteral("English");
}

QString LanguageManager::storedLanguage()
{
    const QString stored = QSettings(QCoreApplication::applicationName()).value(LanguageKey).toString();
    return languages().contains(stored) ? stored : QString();
}

void LanguageManager::storeLanguage(const QString &language)
{
    QSettings settings(QCoreApplication::applicationName());
    if (language.isEmpty())
        settings.remove(LanguageKey);
    else
        settings.setValue(LanguageKey, language);
}

QString LanguageManager::resolve(const QString &choice)
{
    if (languages().contains(choice))
        return choice;
    // The first of the user's preferred UI languages that SmartData speaks.
    const QStringList preferred = QLocale::system().uiLanguages();
    for (const QString &name : preferred) {
        const QString language = QLocale(name).name().section(QLatin1Char('_'), 0, 0);
        if (languages().contains(language))
            return language;
    }
    return QStringLiteral("en");
}

QString LanguageManager::apply(const QString &choice)
{
    State &s = state();
    const QString language = resolve(choice);
    // Removing a translator sends LanguageChange too; everything is replaced before widgets react
    // to the last event, and each reacts by re-reading tr(), so an extra event only costs a repaint.
    if (s.app) {
        QCoreApplication::removeTranslator(s.app.get());
        s.app.reset();
    }
    if (s.qt) {
        QCoreApplication::removeTranslator(s.qt.get());
        s.qt.reset();
    }
    s.current = language;
    QLocale::setDefault(language == QLatin1String("en") ? QLocale::system() : QLocale(language));
    if (language == QLatin1String("en")) {
        // English is the source language: no translator, but widgets must still switch back.
        if (QCoreApplication::instance()) {
            QEvent change(QEvent::LanguageChange);
            QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
        }
        return language;
    }
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        s.qt = std::move(qt);
    }
    auto app = std::make_unique<QTranslator>();
    if (app->load(QStringLiteral(":/i18n/smartdata_%1.qm").arg(language))) {
        QCoreApplication::installTranslator(app.get());
        s.app = std::move(app);
    } else {
        qWarning("No SmartData translation for '%s' in this build.", qPrintable(language));
    }
    return language;
}

QString LanguageManager::current()
{
    return state().current;
}

} // namespace Ui
