#pragma once

#include "result.h"
#include "rpcvalue.h"

#include <QString>

#include <vector>

namespace rpcscope {

/// Where a rule's `rewrite` puts its value: `params[0]`, `params[1].name`, `params[0][2]["a key"]` or
/// `kwargs.timeout`. Steps are array indexes (`[N]`) and member names (`.name` or `["name"]`); a member name also
/// finds a string key of a map.
class ValuePath
{
public:
    enum class Root { Params, Kwargs };
    struct Step
    {
        bool isIndex = false;
        qint64 index = 0;
        QString name;
    };

    /// Why a path did not parse, and the index of the character in `text` it is about.
    struct ParseError
    {
        QString message;
        int position = 0;
    };

    /// Parses `text`; on failure `error` says why and where.
    static std::optional<ValuePath> parse(const QString& text, ParseError& error);

    Root root() const { return m_root; }
    const std::vector<Step>& steps() const { return m_steps; }
    /// The path as written.
    const QString& text() const { return m_text; }

    /// Puts `value` at the path in a call's arguments. The last step may add a member to a struct (a new keyword
    /// argument); every other step must exist. Fails naming the step that does not ("params[3]: the call has 2
    /// arguments").
    Status apply(RpcValue& params, RpcValue& kwargs, const RpcValue& value) const;

private:
    Root m_root = Root::Params;
    std::vector<Step> m_steps;
    QString m_text;
};

} // namespace rpcscope
