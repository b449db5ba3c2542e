#pragma once
// Exporting a chart as people see it: PNG at a chosen size, SVG and PDF as vector drawings (the chart's
// own scene rendered into QSvgGenerator or QPdfWriter, so lines stay lines), each titled with the
// source and metric; and CSV of exactly what the chart shows: the plotted points of every visible
// series within the date range in view (date, series, value), so a zoomed or rolled-up chart exports
// what it plots and a hidden series is left out.

#include "common/result.h"

#include <QCoreApplication>
#include <QSize>
#include <QString>

#include <optional>

class QAbstractSeries;
class QChart;

namespace Ui {

class ChartView;

enum class ExportFormat { Png, Svg, Pdf, Csv };

struct ChartExportRequest final
{
    ExportFormat format = ExportFormat::Png;
    QString path;
    QSize size{1600, 900}; // pixels for PNG; the drawing's proportions (at 96 dpi) for SVG and PDF
    QString title;         // drawn as the chart's title (and the SVG/PDF document title)
};

class ChartExport final
{
    Q_DECLARE_TR_FUNCTIONS(Ui::ChartExport)

public:
    // Writes the file. The view's chart is laid out at the requested size for the drawing and
    // restored afterwards; the person sees nothing of it.
    static Common::Status write(ChartView *view, const ChartExportRequest &request);
    // The CSV text: a header "date,series,value", then one row per plotted point of every visible
    // series inside the date axis' range, ordered by date (C locale numbers, ISO dates).
    static QString csv(const QChart *chart);
    // The format a file name's suffix asks for (png, svg, pdf, csv; any case).
    static std::optional<ExportFormat> formatOf(const QString &path);
    static QString suffix(ExportFormat format);
    static QString formatName(ExportFormat format); // "PNG image", ...

    // How series take part in the CSV: under another name than their legend entry (which may carry a
    // count, "Anomalies (zscore): 3 days"), or not at all (a drawn boundary, not data).
    static void setExportName(QAbstractSeries *series, const QString &name);
    static void markNotData(QAbstractSeries *series);
};

} // namespace Ui
