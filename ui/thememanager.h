#pragma once
// Light or dark: the app follows the desktop's palette unless the person forces one in Settings. A
// forced theme is a complete QPalette on the QApplication with the Fusion style (the platform styles
// draw parts of their widgets in their own colours, which a dark palette cannot reach); "follow the
// desktop" puts back the style and palette the application started with. Widgets that draw with
// their own colours (the charts, ChartPalette) react to the palette change.

#include <QCoreApplication>
#include <QPalette>
#include <QString>

namespace Ui {

enum class Theme { System, Light, Dark };

class ThemeManager final
{
    Q_DECLARE_TR_FUNCTIONS(Ui::ThemeManager)

public:
    // Applies a theme to the running QApplication (remembering the desktop's style and palette the
    // first time, so that System can return to them).
    static void apply(Theme theme);
    // The theme chosen in Settings (System when none); stored under "appearance/theme".
    static Theme storedTheme();
    static void storeTheme(Theme theme);
    static QString name(Theme theme); // "Follow the desktop", "Light", "Dark"
    static QString key(Theme theme);  // "system", "light", "dark"
    static Theme fromKey(const QString &key);

    static QPalette darkPalette();
    static QPalette lightPalette();
};

} // namespace Ui
