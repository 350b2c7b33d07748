#include "valuepath.h"

namespace rpcscope {

namespace {

bool isNameStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// Reads a double-quoted name with \" and \\ escapes from `pos` (at the quote); false if it never closes.
bool readQuoted(const QString& text, int& pos, QString& out)
{
    ++pos;
    while (pos < text.size()) {
        const QChar c = text.at(pos);
        if (c == QLatin1Char('\\') && pos + 1 < text.size()) {
            out += text.at(pos + 1);
            pos += 2;
            continue;
        }
        ++pos;
        if (c == QLatin1Char('"'))
            return true;
        out += c;
    }
    return false;
}

} // namespace

std::optional<ValuePath> ValuePath::parse(const QString& text, ParseError& error)
{
    ValuePath path;
    path.m_text = text;
    int pos = 0;
    if (text.startsWith(QLatin1String("params"))) {
        path.m_root = Root::Params;
        pos = 6;
    } else if (text.startsWith(QLatin1String("kwargs"))) {
        path.m_root = Root::Kwargs;
        pos = 6;
    } else {
        error = {QStringLiteral("a path starts with params (params[0], params[1].name) or kwargs (kwargs.timeout)"), 0};
        return std::nullopt;
    }
    while (pos < text.size()) {
        const QChar c = text.at(pos);
        if (c == QLatin1Char('.')) {
            const int start = ++pos;
            if (pos >= text.size() || !isNameStart(text.at(pos))) {
                error = {QStringLiteral("a member name must follow '.' (use [\"...\"] for other names)"), start - 1};
                return std::nullopt;
            }
            while (pos < text.size() && isNameChar(text.at(pos)))
                ++pos;
            path.m_steps.push_back(Step {false, 0, text.mid(start, pos - start)});
            continue;
        }
        if (c == QLatin1Char('[')) {
            const int open = pos++;
            if (pos < text.size() && text.at(pos) == QLatin1Char('"')) {
                QString name;
                if (!readQuoted(text, pos, name)) {
                    error = {QStringLiteral("the quote opened here is never closed"), open + 1};
                    return std::nullopt;
                }
                if (pos >= text.size() || text.at(pos) != QLatin1Char(']')) {
                    error = {QStringLiteral("']' must follow the quoted name"), pos};
                    return std::nullopt;
                }
                ++pos;
                path.m_steps.push_back(Step {false, 0, name});
                continue;
            }
            const int digits = pos;
            while (pos < text.size() && text.at(pos).isDigit())
                ++pos;
            bool ok = false;
            const qint64 index = text.mid(digits, pos - digits).toLongLong(&ok);
            if (!ok || pos >= text.size() || text.at(pos) != QLatin1Char(']')) {
                error = {QStringLiteral("an index is [N] with N a number from 0, or [\"name\"] for a member"), open};
                return std::nullopt;
            }
            ++pos;
            path.m_steps.push_back(Step {true, index, {}});
            continue;
        }
        error = {QStringLiteral("unexpected '%1' in the path: steps are [N], .name or [\"name\"]").arg(c), pos};
        return std::nullopt;
    }
    if (path.m_root == Root::Params && (path.m_steps.empty() || !path.m_steps.front().isIndex)) {
        error = {QStringLiteral("say which argument: params[0] is the first"), int(text.size())};
        return std::nullopt;
    }
    if (path.m_root == Root::Kwargs && (path.m_steps.empty() || path.m_steps.front().isIndex)) {
        error = {QStringLiteral("say which keyword argument: kwargs.NAME"), int(text.size())};
        return std::nullopt;
    }
    return path;
}

Status ValuePath::apply(RpcValue& params, RpcValue& kwargs, const RpcValue& value) const
{
    RpcValue* at = m_root == Root::Params ? &params : &kwargs;
    QString where = m_root == Root::Params ? QStringLiteral("params") : QStringLiteral("kwargs");
    if (m_root == Root::Kwargs && !at->isStruct()) {
        if (!at->isNil())
            return Error {QStringLiteral("kwargs: the call's keyword arguments are not a dict")};
        *at = RpcValue::fromStruct({});
    }
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        const Step& step = m_steps[i];
        const bool last = i + 1 == m_steps.size();
        if (step.isIndex) {
            const QString here = where + QStringLiteral("[%1]").arg(step.index);
            if (!at->isArray())
                return Error {QStringLiteral("%1: %2 is not a list").arg(here, where)};
            RpcArray& items = at->array();
            if (step.index >= qint64(items.size()))
                return Error {QStringLiteral("%1: %2 has %3 item%4")
                                  .arg(here, i == 0 && m_root == Root::Params ? QStringLiteral("the call") : where)
                                  .arg(items.size())
                                  .arg(items.size() == 1 ? QString() : QStringLiteral("s"))};
            at = &items[std::size_t(step.index)];
            where = here;
            continue;
        }
        const QString here = where + QLatin1Char('.') + step.name;
        if (at->isStruct()) {
            RpcStruct& members = at->members();
            auto it = std::find_if(members.begin(), members.end(),
                                   [&](const RpcMember& m) { return m.first == step.name; });
            if (it == members.end()) {
                if (!last)
                    return Error {QStringLiteral("%1: there is no such member").arg(here)};
                members.emplace_back(step.name, value);
                return Done {};
            }
            at = &it->second;
        } else if (at->isMap()) {
            RpcMap& entries = at->entries();
            auto it = std::find_if(entries.begin(), entries.end(), [&](const RpcMapEntry& e) {
                return e.first.isString() && e.first.toString() == step.name;
            });
            if (it == entries.end())
                return Error {QStringLiteral("%1: there is no such key").arg(here)};
            at = &it->second;
        } else {
            return Error {QStringLiteral("%1: %2 has no members").arg(here, where)};
        }
        where = here;
    }
    *at = value;
    return Done {};
}

} // namespace rpcscope
