#pragma once
// The small dialog behind "Export chart…": the format (PNG, SVG, PDF or CSV of the plotted points),
// the size in pixels and the title drawn on the chart (source and metric by default); then a file
// name, and the file is written (ChartExport). Problems are shown in a message box.

#include "ui/chartexport.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace Ui {

class ChartView;

class ChartExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartExportDialog)

public:
    ChartExportDialog(const QString &title, QWidget *parent = nullptr);

    // The request the fields describe (without a path).
    ChartExportRequest request() const;
    QComboBox *formatBox() const { return m_format; }
    QSpinBox *widthBox() const { return m_width; }
    QSpinBox *heightBox() const { return m_height; }
    QLineEdit *titleEdit() const { return m_title; }

    // Asks for the format, size and title, then a file (named after `fileStem`), and writes it. Returns
    // the path written, or an empty string when the person cancelled or writing failed (then said so).
    static QString exportChart(QWidget *parent, ChartView *view, const QString &title, const QString &fileStem);

private:
    void formatChanged();

    QComboBox *m_format = nullptr;
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
    QLineEdit *m_title = nullptr;
};

} // namespace Ui
