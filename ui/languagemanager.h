#pragma once
// Which language the app speaks: the system's locale or the one chosen in Settings (QSettings key
// "ui/language"). Installs SmartData's own translations (embedded as :/i18n/smartdata_<lang>.qm, so
// an uninstalled build is translated too) and Qt's qtbase_<lang>.qm from QLibraryInfo's
// TranslationsPath when present. Installing or removing translators makes Qt send every widget a
// QEvent::LanguageChange; the windows retranslate themselves from there.

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>

class QTranslator;

namespace Ui {

class LanguageManager final
{
    Q_DECLARE_TR_FUNCTIONS(Ui::LanguageManager)

public:
    // The languages SmartData is translated into, English (the source) first.
    static QStringList languages();
    // "English", "Deutsch", "Français": each language's name in itself.
    static QString nativeName(const QString &language);

    // The stored choice: "" = follow the system.
    static QString storedLanguage();
    static void storeLanguage(const QString &language);
    // The language to use for a choice ("" = the system locale's language when translated, else "en").
    static QString resolve(const QString &choice);

    // Switches the application to `choice` ("" = system). Returns the language now in use.
    static QString apply(const QString &choice);
    static QString current();

private:
    struct State;
    static State &state();
};

} // namespace Ui
