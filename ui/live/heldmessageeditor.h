#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace rpcscope {

class InterceptQueue;
class ValueTreeEditor;

/// A message held by the intercept, open for the user in the composer's editors: the arguments of a held request
/// (or the result of a held response) as a typed tree and as raw text (the composer's argument literals, JSON with
/// RpcScope's tagged forms), kept in step both ways. Forward sends it on as edited; Answer replies in the server's
/// place with the value or the fault written below; Drop closes the connection.
class HeldMessageEditor : public QWidget
{
    Q_OBJECT
public:
    explicit HeldMessageEditor(QWidget* parent = nullptr);

    /// Shows held message `row` of `queue` (a request or a response); -1 clears.
    void setHeld(InterceptQueue* queue, int row);
    int row() const { return currentRow(); }

    /// Forwards the message with what the editors hold (unchanged if nothing was edited).
    void forward();
    /// Answers in the server's place with the "Answer with" value, or with the fault when a fault code is given.
    void answer();
    void drop();

    ValueTreeEditor* tree() const { return m_tree; }
    QPlainTextEdit* rawText() const { return m_raw; }
    QLineEdit* answerValue() const { return m_answer; }
    QLineEdit* faultCode() const { return m_faultCode; }
    QLineEdit* faultMessage() const { return m_faultMessage; }
    QLabel* status() const { return m_status; }

Q_SIGNALS:
    /// The message was decided (forwarded, answered or dropped).
    void decided();

private:
    void treeEdited();
    void rawEdited();
    void updateTitle();
    bool isResponse() const;

    /// The row of the message shown now (rows move as other messages are decided), -1 when it is gone.
    int currentRow() const;

    QPointer<InterceptQueue> m_queue;
    int m_row = -1;
    quint64 m_streamId = 0;
    quint64 m_holdId = 0;
    QMetaObject::Connection m_ticking;
    bool m_syncing = false;
    bool m_edited = false;
    QLabel* m_title;
    ValueTreeEditor* m_tree;
    QPlainTextEdit* m_raw;
    QLabel* m_status;
    QLineEdit* m_answer;
    QLineEdit* m_faultCode;
    QLineEdit* m_faultMessage;
    QPushButton* m_forward;
    QPushButton* m_answerButton;
    QPushButton* m_drop;
};

} // namespace rpcscope
