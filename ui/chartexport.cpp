#include "chartexport.h"

#include "ui/chartview.h"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QChart>
#include <QDir>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Ui {

namespace {

constexpr char ExportNameProperty[] = "smartdataExportName";
constexpr char NotDataProperty[] = "smartdataNotData";

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString seriesName(const QAbstractSeries *series)
{
    const QVariant name = series->property(ExportNameProperty);
    return name.isValid() ? name.toString() : series->name();
}

// Lays the chart out at `size` with `title` while it is drawn, then puts both back: the export has
// the proportions and title asked for, and its axis ticks and labels are those of that size (the
// date axis thins its ticks to the width), not a stretched picture of the window.
class ExportLayout final
{
public:
    ExportLayout(ChartView *view, const QSize &size, const QString &title)
        : m_view(view)
        , m_chart(view->chart())
        , m_geometry(m_chart->geometry())
        , m_title(m_chart->title())
    {
        m_view->hideHover();
        m_chart->setTitle(title);
        layOut(QRectF(m_geometry.topLeft(), QSizeF(size)));
    }
    ~ExportLayout()
    {
        m_chart->setTitle(m_title);
        layOut(m_geometry);
    }
    Q_DISABLE_COPY_MOVE(ExportLayout)

    void render(QPainter *painter, const QRectF &target) const
    {
        m_chart->scene()->render(painter, target, m_chart->sceneBoundingRect(), Qt::IgnoreAspectRatio);
    }

private:
    void layOut(const QRectF &geometry) const
    {
        m_chart->setGeometry(geometry);
        if (QGraphicsLayout *layout = m_chart->layout())
            layout->activate();
    }

    ChartView *m_view;
    QChart *m_chart;
    QRectF m_geometry;
    QString m_title;
};

Common::Status writeFailed(const QString &path, const QString &why)
{
    return Common::Error::internal(QStringLiteral("EXPORT_FAILED"),
                                   Ui::ChartExport::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), why),
                                   QJsonObject{{QStringLiteral("path"), path}});
}

} // namespace

void ChartExport::setExportName(QAbstractSeries *series, const QString &name)
{
    series->setProperty(ExportNameProperty, name);
}

void ChartExport::markNotData(QAbstractSeries *series)
{
    series->setProperty(NotDataProperty, true);
}

std::optional<ExportFormat> ChartExport::formatOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Csv}) {
        if (suffix == ChartExport::suffix(format))
            return format;
    }
    return std::nullopt;
}

QString ChartExport::suffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    case ExportFormat::Csv: return QStringLiteral("csv");
    }
    return {};
}

QString ChartExport::formatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return tr("PNG image");
    case ExportFormat::Svg: return tr("SVG drawing");
    case ExportFormat::Pdf: return tr("PDF document");
    case ExportFormat::Csv: return tr("CSV of the plotted points");
    }
    return {};
}

QString ChartExport::csv(const QChart *chart)
{
    double minX = -std::numeric_limits<double>::infinity();
    double maxX = std::numeric_limits<double>::infinity();
    const auto xAxes = chart->axes(Qt::Horizontal);
    if (!xAxes.isEmpty()) {
        // The range in view (zoom and pan change it): QCategoryAxis and QValueAxis both have one.
        const QAbstractAxis *axis = xAxes.first();
        const QVariant min = axis->property("min"), max = axis->property("max");
        if (min.isValid() && max.isValid()) {
            minX = min.toDouble();
            maxX = max.toDouble();
        }
    }
    struct Row final
    {
        QDate day;
        int order;
        QString series;
        double value;
    };
    QList<Row> rows;
    int order = 0;
    const auto append = [&](const QXYSeries *series, const QString &name) {
        const auto points = series->points();
        for (const QPointF &p : points) {
            if (p.x() >= minX && p.x() <= maxX && std::isfinite(p.y()))
                rows.append(Row{xToDay(p.x()), order, name, p.y()});
        }
        ++order;
    };
    QStringList seen; // a line broken by gaps is several series of one name: one order for all
    const auto series = chart->series();
    for (const QAbstractSeries *s : series) {
        if (!s->isVisible() || s->property(NotDataProperty).toBool())
            continue;
        const QString name = seriesName(s);
        if (const auto *area = qobject_cast<const QAreaSeries *>(s)) {
            if (area->lowerSeries())
                append(area->lowerSeries(), tr("%1 (lower)").arg(name));
            if (area->upperSeries())
                append(area->upperSeries(), tr("%1 (upper)").arg(name));
        } else if (const auto *xy = qobject_cast<const QXYSeries *>(s)) {
            const qsizetype known = seen.indexOf(name);
            const int saved = order;
            if (known >= 0)
                order = int(known);
            append(xy, name);
            if (known >= 0)
                order = saved;
            else
                seen.append(name);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.day != b.day ? a.day < b.day : a.order < b.order;
    });
    QString text = QStringLiteral("date,series,value\n");
    for (const Row &row : std::as_const(rows)) {
        text += row.day.toString(Qt::ISODate) + QLatin1Char(',') + csvField(row.series) + QLatin1Char(',')
              + QString::number(row.value, 'g', 15) + QLatin1Char('\n');
    }
    return text;
}

Common::Status ChartExport::write(ChartView *view, const ChartExportRequest &request)
{
    if (request.path.isEmpty())
        return Common::Error::badInput(QStringLiteral("EXPORT_NO_PATH"), tr("No file name given for the export."));
    if (request.format == ExportFormat::Csv) {
        QSaveFile file(request.path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
            return writeFailed(request.path, file.errorString());
        file.write(csv(view->chart()).toUtf8());
        if (!file.commit())
            return writeFailed(request.path, file.errorString());
        return {};
    }
    const QSize size = request.size;
    if (size.width() < 100 || size.height() < 100 || size.width() > 10000 || size.height() > 10000)
        return Common::Error::badInput(QStringLiteral("EXPORT_BAD_SIZE"),
                                       tr("The export size must be between 100 and 10,000 pixels each way."));
    const ExportLayout layout(view, size, request.title);
    const QRectF target(QPointF(0, 0), QSizeF(size));
    switch (request.format) {
    case ExportFormat::Png: {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(view->chart()->backgroundBrush().color());
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            layout.render(&painter, target);
        }
        QSaveFile file(request.path);
        if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
            return writeFailed(request.path, file.errorString());
        return {};
    }
    case ExportFormat::Svg: {
        QSaveFile file(request.path);
        if (!file.open(QIODevice::WriteOnly))
            return writeFailed(request.path, file.errorString());
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(96);
        svg.setTitle(request.title);
        svg.setDescription(tr("Exported from SmartData"));
        {
            QPainter painter(&svg);
            painter.setRenderHint(QPainter::Antialiasing);
            layout.render(&painter, target);
        }
        if (!file.commit())
            return writeFailed(request.path, file.errorString());
        return {};
    }
    case ExportFormat::Pdf: {
        QSaveFile file(request.path);
        if (!file.open(QIODevice::WriteOnly))
            return writeFailed(request.path, file.errorString());
        {
            QPdfWriter pdf(&file);
            pdf.setTitle(request.title);
            pdf.setCreator(QStringLiteral("SmartData"));
            pdf.setResolution(96);
            // A page of the chart's own proportions, 96 pixels to the inch, without margins.
            pdf.setPageSize(QPageSize(QSizeF(size.width() * 72.0 / 96.0, size.height() * 72.0 / 96.0), QPageSize::Point,
                                      QString(), QPageSize::ExactMatch));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            QPainter painter(&pdf);
            painter.setRenderHint(QPainter::Antialiasing);
            layout.render(&painter, QRectF(painter.viewport()));
        }
        if (!file.commit())
            return writeFailed(request.path, file.errorString());
        return {};
    }
    case ExportFormat::Csv: break;
    }
    return {};
}

} // namespace Ui
