#include "chartexportdialog.h"

#include "ui/chartview.h"
#include "ui/filechooser.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>

namespace Ui {

namespace {

QSettings exportSettings()
{
    return QSettings(QCoreApplication::applicationName());
}

} // namespace

ChartExportDialog::ChartExportDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_title(new QLineEdit(title, this))
{
    setWindowTitle(tr("Export Chart"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf, ExportFormat::Csv})
        m_format->addItem(ChartExport::formatName(format), int(format));
    m_width->setObjectName(QStringLiteral("exportWidth"));
    m_height->setObjectName(QStringLiteral("exportHeight"));
    m_width->setRange(100, 10000);
    m_height->setRange(100, 10000);
    m_width->setSuffix(tr(" px"));
    m_height->setSuffix(tr(" px"));
    m_title->setObjectName(QStringLiteral("exportTitle"));
    const QSettings settings = exportSettings();
    m_format->setCurrentIndex(std::max(0, m_format->findData(settings.value(QStringLiteral("export/format"), 0).toInt())));
    m_width->setValue(settings.value(QStringLiteral("export/width"), 1600).toInt());
    m_height->setValue(settings.value(QStringLiteral("export/height"), 900).toInt());

    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Size:"), sizeRow);
    form->addRow(tr("&Title:"), m_title);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ChartExportDialog::formatChanged);
    formatChanged();
}

void ChartExportDialog::formatChanged()
{
    // A CSV has neither a size nor a title: it is the points.
    const bool drawing = request().format != ExportFormat::Csv;
    m_width->setEnabled(drawing);
    m_height->setEnabled(drawing);
    m_title->setEnabled(drawing);
}

ChartExportRequest ChartExportDialog::request() const
{
    ChartExportRequest request;
    request.format = ExportFormat(m_format->currentData().toInt());
    request.size = QSize(m_width->value(), m_height->value());
    request.title = m_title->text();
    return request;
}

QString ChartExportDialog::exportChart(QWidget *parent, ChartView *view, const QString &title, const QString &fileStem)
{
    ChartExportDialog dialog(title, parent);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    ChartExportRequest request = dialog.request();
    {
        QSettings settings = exportSettings();
        settings.setValue(QStringLiteral("export/format"), int(request.format));
        settings.setValue(QStringLiteral("export/width"), request.size.width());
        settings.setValue(QStringLiteral("export/height"), request.size.height());
    }
    QString stem = fileStem;
    stem.replace(QLatin1Char('/'), QLatin1Char('-'));
    const QString suffix = ChartExport::suffix(request.format);
    request.path = chooseSaveFile(parent, tr("Export Chart"), QDir::home().filePath(stem + QLatin1Char('.') + suffix),
                                  tr("%1 (*.%2)").arg(ChartExport::formatName(request.format), suffix));
    if (request.path.isEmpty())
        return {};
    if (const Common::Status written = ChartExport::write(view, request); !written) {
        QMessageBox::warning(parent, tr("Export failed"), written.error().message);
        return {};
    }
    return request.path;
}

} // namespace Ui
