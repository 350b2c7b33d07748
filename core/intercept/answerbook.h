#pragma once

#include "call.h"
#include "intercept/protocolactions.h"
#include "result.h"

#include <QHash>
#include <QString>

#include <vector>

namespace rpcscope {

/// One recorded call, as a mock server needs it: what was called and what came back.
struct RecordedCall
{
    QString protocol;
    QString object;
    QString method;
    RpcValue params;
    RpcValue kwargs;
    RecordedAnswer answer;
    /// From the request's last byte to the reply's last byte; negative when not known.
    double latencyMs = -1;
};

/// The answers of recorded calls, looked up the way a mock server answers: the recorded answer to the same
/// protocol, object, method and arguments (the latest one when the same call was recorded several times); else the
/// latest recorded answer to that method of that object; else nothing. Arguments compare as their JSON (so a
/// Python tuple read from a capture and a list read from jsonl are the same arguments).
class AnswerBook
{
public:
    /// Adds a decoded call that has an answer (ok, fault or exception); others are skipped. Returns whether added.
    bool add(const Call& call);
    void add(RecordedCall call);
    int size() const { return int(m_calls.size()); }
    bool isEmpty() const { return m_calls.empty(); }
    /// Recorded calls per protocol id.
    QHash<QString, int> protocolCounts() const;

    struct Found
    {
        const RecordedCall* call = nullptr;
        /// True for the same arguments, false for the latest answer to the method.
        bool exact = false;
    };
    Found find(const QString& protocol, const QString& object, const QString& method, const RpcValue& params,
               const RpcValue& kwargs) const;

    /// "never_recorded(1)" or "calc.add(3, 4)": how the fault for an unrecorded call names it.
    static QString callText(const QString& object, const QString& method, const RpcValue& params);

    /// Reads calls written by `rpcscope-cli decode --format jsonl` (or proxy, capture): one JSON object per line.
    /// Lines without a reply are skipped; a line that is not a call object fails, naming the line.
    static Result<std::vector<RecordedCall>> readJsonl(const QByteArray& text);

private:
    static QString argumentsKey(const RpcValue& params, const RpcValue& kwargs);
    static QString methodKey(const QString& protocol, const QString& object, const QString& method);

    std::vector<RecordedCall> m_calls;
    QHash<QString, int> m_exact; // protocol/object/method/arguments → latest index
    QHash<QString, int> m_latest; // protocol/object/method → latest index
};

} // namespace rpcscope
