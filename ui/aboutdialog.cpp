#include "aboutdialog.h"

#include "common/paths.h"
#include "logging/logging.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QVBoxLayout>

namespace Ui {

AboutDialog::AboutDialog(const QString &databaseLocation, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About SmartData"));
    m_text = tr("<h2>SmartData %1</h2>"
                "<p>Daily KPIs, anomaly alerts and forecasts from raw event data.</p>"
                "<p>Qt %2</p>"
                "<p>Database: %3<br>Logs: %4</p>")
                 .arg(QStringLiteral(SMARTDATA_VERSION), QString::fromLatin1(qVersion()),
                      QDir::toNativeSeparators(databaseLocation).toHtmlEscaped(),
                      QDir::toNativeSeparators(Common::AppPaths::logDir()).toHtmlEscaped());
    auto *label = new QLabel(m_text, this);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setObjectName(QStringLiteral("aboutText"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(buttons);
}

} // namespace Ui
