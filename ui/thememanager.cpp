#include "thememanager.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <optional>

namespace Ui {

namespace {

const QString ThemeKey = QStringLiteral("appearance/theme");

struct DesktopLook final
{
    QString style;
    QPalette palette;
};

std::optional<DesktopLook> &desktopLook()
{
    static std::optional<DesktopLook> look;
    return look;
}

} // namespace

QPalette ThemeManager::darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe8, 0xe8, 0xe8);
    const QColor disabled(0x80, 0x80, 0x80);
    const QColor highlight(0x35, 0x74, 0xf0);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x43));
    p.setColor(QPalette::Mid, QColor(0x25, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x92, 0xf0));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    return p;
}

QPalette ThemeManager::lightPalette()
{
    // Fusion's own palette is a light one.
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    const QPalette palette = fusion ? fusion->standardPalette() : QPalette(Qt::white);
    delete fusion;
    return palette;
}

void ThemeManager::apply(Theme theme)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    if (!app)
        return;
    std::optional<DesktopLook> &look = desktopLook();
    if (!look)
        look = DesktopLook{QApplication::style()->name(), QApplication::palette()};
    switch (theme) {
    case Theme::System:
        if (QApplication::style()->name().compare(look->style, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(look->style);
        QApplication::setPalette(look->palette);
        break;
    case Theme::Light:
    case Theme::Dark:
        if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
            QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(theme == Theme::Dark ? darkPalette() : lightPalette());
        break;
    }
}

Theme ThemeManager::storedTheme()
{
    return fromKey(QSettings(QCoreApplication::applicationName()).value(ThemeKey).toString());
}

void ThemeManager::storeTheme(Theme theme)
{
    QSettings(QCoreApplication::applicationName()).setValue(ThemeKey, key(theme));
}

QString ThemeManager::name(Theme theme)
{
    switch (theme) {
    case Theme::System: return tr("Follow the desktop");
    case Theme::Light: return tr("Light");
    case Theme::Dark: return tr("Dark");
    }
    return {};
}

QString ThemeManager::key(Theme theme)
{
    switch (theme) {
    case Theme::System: return QStringLiteral("system");
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    }
    return {};
}

Theme ThemeManager::fromKey(const QString &key)
{
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

} // namespace Ui
