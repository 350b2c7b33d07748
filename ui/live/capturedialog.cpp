#include "capturedialog.h"

#include "networkinterfaces.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace rpcscope {

CaptureDialog::CaptureDialog(QWidget* parent)
    : QDialog(parent)
    , m_interfaces(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_filterStatus(new QLabel(this))
    , m_writePath(new QLineEdit(this))
{
    setWindowTitle(tr("Live Capture"));
    auto interfaces = listNetworkInterfaces();
    if (interfaces) {
        // Loopback first by default: where local test servers and clients talk.
        int loopback = -1;
        for (const NetworkInterface& iface : *interfaces) {
            m_interfaces->addItem(iface.describe(), iface.name);
            if (iface.loopback && loopback < 0)
                loopback = m_interfaces->count() - 1;
        }
        if (loopback >= 0)
            m_interfaces->setCurrentIndex(loopback);
    } else {
        m_interfaces->addItem(interfaces.error(), QString());
    }
    m_filter->setPlaceholderText(tr("e.g. tcp port 8000 (empty: everything)"));
    m_filter->setClearButtonEnabled(true);
    m_filterStatus->setWordWrap(true);
    m_writePath->setPlaceholderText(tr("optional: also write the packets to a pcap file"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Write Capture To"), m_writePath->text(),
                                                          tr("pcap files (*.pcap)"));
        if (!path.isEmpty())
            m_writePath->setText(path);
    });
    auto* writeRow = new QHBoxLayout;
    writeRow->addWidget(m_writePath);
    writeRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Interface:"), m_interfaces);
    form->addRow(tr("&Filter:"), m_filter);
    form->addRow(QString(), m_filterStatus);
    form->addRow(tr("&Write to:"), writeRow);
    auto* note = new QLabel(tr("Capturing needs root or the capabilities cap_net_raw,cap_net_admin. The Proxy panel "
                               "records calls without any rights."),
                            this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_start = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    m_start->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &CaptureDialog::validateFilter);
    validateFilter();
}

void CaptureDialog::setFilter(const QString& filter)
{
    m_filter->setText(filter);
    validateFilter();
}

QString CaptureDialog::filterError() const
{
    return m_error;
}

void CaptureDialog::validateFilter()
{
    const Status valid = validateBpfFilter(m_filter->text());
    m_error = valid ? QString() : valid.error();
    if (m_error.isEmpty()) {
        m_filterStatus->setText(m_filter->text().trimmed().isEmpty() ? tr("All traffic will be captured.")
                                                                     : tr("Valid filter."));
        m_filterStatus->setStyleSheet(QString());
    } else {
        m_filterStatus->setText(m_error);
        m_filterStatus->setStyleSheet(QStringLiteral("color: #c62828;"));
    }
    m_start->setEnabled(m_error.isEmpty() && !m_interfaces->currentData().toString().isEmpty());
}

LiveCaptureOptions CaptureDialog::options() const
{
    LiveCaptureOptions options;
    options.interfaceName = m_interfaces->currentData().toString();
    options.filter = m_filter->text().trimmed();
    options.writePath = m_writePath->text().trimmed();
    return options;
}

} // namespace rpcscope
