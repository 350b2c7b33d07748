#include "callrecord.h"

namespace rpcscope {

namespace {

const std::vector<Problem> kNoProblems;
const std::vector<SubCall> kNoSubCalls;
const QStringList kNoNotes;
const QString kNoText;

} // namespace

const std::vector<Problem>& StoredMessage::problems() const
{
    return extras ? extras->problems : kNoProblems;
}

const QString& StoredMessage::rawReason() const
{
    return extras ? extras->rawReason : kNoText;
}

const std::vector<SubCall>& StoredCall::subCalls() const
{
    return extras ? extras->subCalls : kNoSubCalls;
}

const QStringList& StoredCall::notes() const
{
    return extras ? extras->notes : kNoNotes;
}

const QString& StoredCall::rule() const
{
    return extras ? extras->rule : kNoText;
}

} // namespace rpcscope
