#pragma once

#include "livecapture.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace rpcscope {

/// Asks what to capture: the interface (listed with its addresses) and a BPF filter, checked as it is typed with
/// libpcap's own message under the field. Start is enabled only for a valid filter.
class CaptureDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CaptureDialog(QWidget* parent = nullptr);

    LiveCaptureOptions options() const;
    void setFilter(const QString& filter);
    /// The filter's problem as shown (empty when valid).
    QString filterError() const;
    QComboBox* interfaceBox() const { return m_interfaces; }

private:
    void validateFilter();

    QComboBox* m_interfaces;
    QLineEdit* m_filter;
    QLabel* m_filterStatus;
    QLineEdit* m_writePath;
    QPushButton* m_start;
    QString m_error;
};

} // namespace rpcscope
