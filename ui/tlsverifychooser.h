#pragma once

#include "result.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace rpcscope {

/// How a TLS client checks its server, as the composer and the proxy (towards its upstream) offer it: against the
/// system's CAs, against the CAs in one PEM file instead (like curl --cacert), or not at all.
class TlsVerifyChooser : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { SystemCas, CaFile, Insecure };

    explicit TlsVerifyChooser(QWidget* parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    /// The CA file (only meaningful in CaFile mode).
    QString caFile() const;
    void setCaFile(const QString& path);
    /// Sets mode and file from a call's or rule's settings: `insecure` wins, then a non-empty file.
    void setChoice(const QString& caFile, bool insecure);
    /// The CaFile mode needs a file; the error says so.
    Status check() const;

    QComboBox* modeBox() const { return m_mode; }
    QLineEdit* fileEdit() const { return m_file; }

Q_SIGNALS:
    void changed();

private:
    void updateFileRow();

    QComboBox* m_mode;
    QLineEdit* m_file;
    QPushButton* m_browse;
};

} // namespace rpcscope
