#include "tlsverifychooser.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace rpcscope {

TlsVerifyChooser::TlsVerifyChooser(QWidget* parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_file(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
{
    // Item order follows Mode.
    m_mode->addItem(tr("Verify with the system's CAs"));
    m_mode->addItem(tr("Verify with the CAs in a file"));
    m_mode->addItem(tr("Don't verify (insecure)"));
    m_mode->setToolTip(tr("How the server's TLS certificate is checked. A CA file replaces the system's CAs (like "
                          "curl --cacert); RpcScope's own CA is exported with 'rpcscope-cli ca --export FILE'."));
    m_file->setPlaceholderText(tr("CA certificates (PEM)"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mode);
    layout->addWidget(m_file, 1);
    layout->addWidget(m_browse);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        updateFileRow();
        Q_EMIT changed();
    });
    connect(m_file, &QLineEdit::textChanged, this, &TlsVerifyChooser::changed);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA Certificates"), m_file->text(),
                                                          tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_file->setText(file);
    });
    updateFileRow();
}

TlsVerifyChooser::Mode TlsVerifyChooser::mode() const
{
    return static_cast<Mode>(std::max(0, m_mode->currentIndex()));
}

void TlsVerifyChooser::setMode(Mode mode)
{
    m_mode->setCurrentIndex(static_cast<int>(mode));
}

QString TlsVerifyChooser::caFile() const
{
    return m_file->text().trimmed();
}

void TlsVerifyChooser::setCaFile(const QString& path)
{
    m_file->setText(path);
}

void TlsVerifyChooser::setChoice(const QString& caFile, bool insecure)
{
    setCaFile(caFile);
    setMode(insecure ? Mode::Insecure : caFile.isEmpty() ? Mode::SystemCas : Mode::CaFile);
}

Status TlsVerifyChooser::check() const
{
    if (mode() == Mode::CaFile && caFile().isEmpty())
        return Error {tr("Choose the CA file to verify the server with (or verify with the system's CAs)")};
    return Done {};
}

void TlsVerifyChooser::updateFileRow()
{
    const bool withFile = mode() == Mode::CaFile;
    m_file->setVisible(withFile);
    m_browse->setVisible(withFile);
}

} // namespace rpcscope
