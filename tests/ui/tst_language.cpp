// Translations: switching the language at run time renames the menus and views (German, French,
// back to English), Qt's own strings follow when its translations are installed, and the German and
// French catalogues are complete.

#include "storage/database.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"

#include <QFile>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestLanguage final : public QObject
{
    Q_OBJECT

private slots:
    void switchingLanguageRenamesMenus();
    void qtOwnTranslationsFollow();
    void catalogueIsComplete_data();
    void catalogueIsComplete();
    void cleanup();

private:
    QTemporaryDir m_dir;
};

namespace {

QStringList menuTexts(const Ui::MainWindow &window)
{
    QStringList texts;
    const auto actions = window.menuBar()->actions();
    for (QAction *action : actions)
        texts.append(action->text());
    return texts;
}

QString actionText(const Ui::MainWindow &window, const char *name)
{
    auto *action = window.findChild<QAction *>(QLatin1String(name));
    return action ? action->text() : QString();
}

} // namespace

void TestLanguage::cleanup()
{
    Ui::LanguageManager::apply(QStringLiteral("en"));
}

void TestLanguage::switchingLanguageRenamesMenus()
{
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("lang.db")));
    QVERIFY(db.ok());
    Ui::LanguageManager::apply(QStringLiteral("en"));
    Ui::MainWindow window(*db);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(menuTexts(window), (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"));
    QVERIFY(tabs);

    QCOMPARE(Ui::LanguageManager::apply(QStringLiteral("de")), QStringLiteral("de"));
    QTRY_COMPARE(menuTexts(window), (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Ansicht"), QStringLiteral("&Hilfe")}));
    QCOMPARE(actionText(window, "actionImport"), QStringLiteral("&Importieren…"));
    QCOMPARE(actionText(window, "actionSettings"), QStringLiteral("&Einstellungen…"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Prognose"));
    QCOMPARE(window.windowTitle(), QStringLiteral("SmartData"));

    QCOMPARE(Ui::LanguageManager::apply(QStringLiteral("fr")), QStringLiteral("fr"));
    QTRY_COMPARE(menuTexts(window), (QStringList{QStringLiteral("&Fichier"), QStringLiteral("&Affichage"), QStringLiteral("Aid&e")}));
    QCOMPARE(actionText(window, "actionImport"), QStringLiteral("&Importer…"));
    QCOMPARE(actionText(window, "actionSettings"), QStringLiteral("&Paramètres…"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Prévision"));

    QCOMPARE(Ui::LanguageManager::apply(QStringLiteral("en")), QStringLiteral("en"));
    QTRY_COMPARE(menuTexts(window), (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Forecast"));
}

void TestLanguage::qtOwnTranslationsFollow()
{
    const QString qtbase = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_de.qm");
    if (!QFile::exists(qtbase))
        QSKIP("Qt's German translations are not installed");
    Ui::LanguageManager::apply(QStringLiteral("de"));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
    Ui::LanguageManager::apply(QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void TestLanguage::catalogueIsComplete_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("de") << QStringLiteral(SMARTDATA_SOURCE_DIR "/translations/smartdata_de.ts");
    QTest::newRow("fr") << QStringLiteral(SMARTDATA_SOURCE_DIR "/translations/smartdata_fr.ts");
}

void TestLanguage::catalogueIsComplete()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            ++messages;
            const bool pending = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            // Plural entries hold <numerusform> children: their text counts.
            if (pending || xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty())
                unfinished.append(source);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 250);
    QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(QStringLiteral("\n"))));
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
