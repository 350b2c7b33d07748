#include "callrule.h"

#include "client/argumentliteral.h"

#include <QLocale>

namespace rpcscope {

namespace {

constexpr int kMaxDelayMs = 3600 * 1000;

const QString kActions = QStringLiteral("delay, fault, reply, drop, reset or rewrite");

// Index of the "=>" that separates filter and action, outside double quotes; -1 if there is none.
int findArrow(const QString& text)
{
    bool quoted = false;
    for (int i = 0; i + 1 < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted && c == QLatin1Char('\\')) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && c == QLatin1Char('=') && text.at(i + 1) == QLatin1Char('>'))
            return i;
    }
    return -1;
}

int skipSpaces(const QString& text, int pos)
{
    while (pos < text.size() && text.at(pos).isSpace())
        ++pos;
    return pos;
}

// Parses the action that starts at `pos`; errors carry 0-based positions in `text`.
class ActionParser
{
public:
    ActionParser(const QString& text, int pos)
        : m_text(text)
        , m_pos(pos)
    { }

    std::optional<RuleAction> run()
    {
        m_pos = skipSpaces(m_text, m_pos);
        if (m_pos >= m_text.size())
            return fail(QStringLiteral("an action must follow '=>': %1").arg(kActions), m_pos, 1);
        const int wordStart = m_pos;
        while (m_pos < m_text.size() && m_text.at(m_pos).isLetter())
            ++m_pos;
        const QString word = m_text.mid(wordStart, m_pos - wordStart).toLower();
        if (word.isEmpty() || (m_pos < m_text.size() && !m_text.at(m_pos).isSpace())) {
            int end = wordStart;
            while (end < m_text.size() && !m_text.at(end).isSpace())
                ++end;
            return fail(
                QStringLiteral("unknown action '%1': use %2").arg(m_text.mid(wordStart, end - wordStart), kActions),
                wordStart, end - wordStart);
        }
        RuleAction action;
        if (word == QLatin1String("delay"))
            return delay(action);
        if (word == QLatin1String("fault"))
            return fault(action);
        if (word == QLatin1String("reply"))
            return reply(action);
        if (word == QLatin1String("drop") || word == QLatin1String("reset")) {
            action.kind = word == QLatin1String("drop") ? RuleAction::Kind::Drop : RuleAction::Kind::Reset;
            const int rest = skipSpaces(m_text, m_pos);
            if (rest < m_text.size())
                return fail(QStringLiteral("'%1' takes nothing after it").arg(word), rest, m_text.size() - rest);
            return action;
        }
        if (word == QLatin1String("rewrite"))
            return rewrite(action);
        return fail(QStringLiteral("unknown action '%1': use %2").arg(word, kActions), wordStart, word.size());
    }

    QString message;
    int errorPos = 0;
    int errorLength = 1;

private:
    std::nullopt_t fail(const QString& text, int pos, int length)
    {
        message = text;
        errorPos = pos;
        errorLength = std::max(1, length);
        return std::nullopt;
    }

    std::optional<RuleAction> delay(RuleAction& action)
    {
        action.kind = RuleAction::Kind::Delay;
        const int start = skipSpaces(m_text, m_pos);
        int end = start;
        while (end < m_text.size() && !m_text.at(end).isSpace())
            ++end;
        const QString value = m_text.mid(start, end - start);
        if (value.isEmpty())
            return fail(QStringLiteral("delay needs a duration, e.g. delay 300ms or delay 2s"), start, 1);
        int unitAt = 0;
        while (unitAt < value.size() && (value.at(unitAt).isDigit() || value.at(unitAt) == QLatin1Char('.')))
            ++unitAt;
        bool ok = false;
        const double number = QLocale::c().toDouble(value.left(unitAt), &ok);
        if (!ok)
            return fail(
                QStringLiteral("'%1' is not a duration: write a number and a unit, e.g. 300ms or 2s").arg(value), start,
                value.size());
        const QString unit = value.mid(unitAt);
        double ms = 0;
        if (unit == QLatin1String("ms"))
            ms = number;
        else if (unit == QLatin1String("s"))
            ms = number * 1000;
        else if (unit == QLatin1String("us"))
            ms = number / 1000;
        else if (unit.isEmpty())
            return fail(QStringLiteral("'%1' needs a unit: ms, s or us (e.g. %1ms)").arg(value), start + unitAt, 1);
        else
            return fail(QStringLiteral("unknown unit '%1': use ms, s or us").arg(unit), start + unitAt, unit.size());
        if (ms > kMaxDelayMs)
            return fail(QStringLiteral("a delay is at most an hour"), start, value.size());
        action.delayMs = int(ms + 0.5);
        const int rest = skipSpaces(m_text, end);
        if (rest < m_text.size())
            return fail(QStringLiteral("delay takes one duration"), rest, m_text.size() - rest);
        return action;
    }

    std::optional<RuleAction> fault(RuleAction& action)
    {
        action.kind = RuleAction::Kind::Fault;
        const int start = skipSpaces(m_text, m_pos);
        int end = start;
        while (end < m_text.size() && !m_text.at(end).isSpace())
            ++end;
        const QString code = m_text.mid(start, end - start);
        if (code.isEmpty())
            return fail(QStringLiteral("fault needs a code: fault 4 \"Too many parameters\" or fault ValueError "
                                       "\"bad value\""),
                        start, 1);
        bool isNumber = false;
        const qint64 number = code.toLongLong(&isNumber);
        if (isNumber) {
            action.faultCode = RpcValue::fromInt(number);
        } else {
            static const QRegularExpression name(
                QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*$"));
            if (!name.match(code).hasMatch())
                return fail(QStringLiteral("'%1' is not a fault code: use a number (XML-RPC) or a class name "
                                           "(ValueError, java.lang.IllegalStateException)")
                                .arg(code),
                            start, code.size());
            action.faultCode = RpcValue::fromString(code);
        }
        const int messageStart = skipSpaces(m_text, end);
        if (messageStart >= m_text.size())
            return action;
        if (m_text.at(messageStart) != QLatin1Char('"'))
            return fail(QStringLiteral("the fault's message goes in double quotes: fault %1 \"...\"").arg(code),
                        messageStart, m_text.size() - messageStart);
        Result<RpcValue> message = parseArgumentLiteral(QLatin1Char('[') + m_text.mid(messageStart) + QLatin1Char(']'));
        if (!message || message->toArray().size() != 1 || !message->toArray().front().isString())
            return fail(QStringLiteral("the fault's message must be one string in double quotes (\\\" for a quote "
                                       "inside)"),
                        messageStart, m_text.size() - messageStart);
        action.faultMessage = message->toArray().front().toString();
        return action;
    }

    static std::optional<RpcValue> literal(const QString& text, QString& why)
    {
        // As one JSON value first ("patched" is the string patched), then as the composer reads an argument.
        Result<RpcValue> asJson = parseArgumentLiteral(QLatin1Char('[') + text + QLatin1Char(']'));
        if (asJson && asJson->toArray().size() == 1)
            return asJson->toArray().front();
        if (text.startsWith(QLatin1Char('"'))) {
            why = QStringLiteral("a string goes in double quotes, with \\\" for a quote inside");
            return std::nullopt;
        }
        Result<RpcValue> asArgument = parseArgumentLiteral(text);
        if (!asArgument) {
            why = asArgument.error();
            return std::nullopt;
        }
        return *asArgument;
    }

    std::optional<RuleAction> reply(RuleAction& action)
    {
        action.kind = RuleAction::Kind::Reply;
        const int start = skipSpaces(m_text, m_pos);
        const QString text = m_text.mid(start).trimmed();
        if (text.isEmpty())
            return fail(QStringLiteral("reply needs a value: reply 7, reply \"patched\", reply {\"n\": 1}"), start, 1);
        QString why;
        std::optional<RpcValue> value = literal(text, why);
        if (!value)
            return fail(QStringLiteral("not a value: %1").arg(why), start, text.size());
        action.value = std::move(*value);
        return action;
    }

    std::optional<RuleAction> rewrite(RuleAction& action)
    {
        action.kind = RuleAction::Kind::Rewrite;
        const int start = skipSpaces(m_text, m_pos);
        // The path ends at the first '=' outside quotes.
        int eq = -1;
        bool quoted = false;
        for (int i = start; i < m_text.size(); ++i) {
            const QChar c = m_text.at(i);
            if (quoted && c == QLatin1Char('\\')) {
                ++i;
                continue;
            }
            if (c == QLatin1Char('"'))
                quoted = !quoted;
            else if (!quoted && c == QLatin1Char('=')) {
                eq = i;
                break;
            }
        }
        if (eq < 0)
            return fail(QStringLiteral("rewrite needs PATH=VALUE, e.g. rewrite params[0]=5"), start,
                        std::max<int>(1, m_text.size() - start));
        const QString pathText = m_text.mid(start, eq - start).trimmed();
        ValuePath::ParseError pathError;
        std::optional<ValuePath> path = ValuePath::parse(pathText, pathError);
        if (!path)
            return fail(pathError.message, start + pathError.position, 1);
        const int valueStart = skipSpaces(m_text, eq + 1);
        const QString valueText = m_text.mid(valueStart).trimmed();
        if (valueText.isEmpty())
            return fail(QStringLiteral("a value must follow '=': rewrite %1=VALUE").arg(pathText), valueStart, 1);
        QString why;
        std::optional<RpcValue> value = literal(valueText, why);
        if (!value)
            return fail(QStringLiteral("not a value: %1").arg(why), valueStart, valueText.size());
        action.path = std::move(path);
        action.value = std::move(*value);
        return action;
    }

    const QString& m_text;
    int m_pos;
};

} // namespace

QString RuleAction::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Delay:
        return QStringLiteral("delay");
    case Kind::Fault:
        return QStringLiteral("fault");
    case Kind::Reply:
        return QStringLiteral("reply");
    case Kind::Drop:
        return QStringLiteral("drop");
    case Kind::Reset:
        return QStringLiteral("reset");
    case Kind::Rewrite:
        return QStringLiteral("rewrite");
    }
    return {};
}

QString RuleError::describe(const QString& source) const
{
    QString where;
    if (!source.isEmpty())
        where = source + QLatin1Char(':');
    if (line > 0)
        where += QStringLiteral("%1:%2").arg(line).arg(column);
    else
        where += QStringLiteral("column %1").arg(column);
    QString text = QStringLiteral("%1: %2").arg(where, message);
    if (!ruleText.isEmpty()) {
        text += QStringLiteral("\n  %1\n  %2%3")
                    .arg(ruleText, QString(column - 1, QLatin1Char(' ')),
                         QString(std::max(1, length), QLatin1Char('^')));
    }
    return text;
}

std::optional<CallRule> parseCallRule(const QString& text, RuleError& error,
                                      const std::vector<CallFilter::ProtocolName>& protocols)
{
    error = RuleError {};
    error.ruleText = text;
    auto fail = [&](const QString& message, int pos, int length) -> std::optional<CallRule> {
        error.message = message;
        error.column = pos + 1;
        error.length = std::max(1, length);
        return std::nullopt;
    };
    const int arrow = findArrow(text);
    if (arrow < 0)
        return fail(QStringLiteral("a rule is FILTER => ACTION (e.g. method:add => fault 4 \"no\"); '=>' is missing"),
                    int(text.size()), 1);
    CallRule rule;
    rule.text = text.trimmed();
    const QString filterText = text.left(arrow);
    rule.filter = CallFilter::parse(filterText, protocols);
    if (!rule.filter.isValid()) {
        const FilterError& e = *rule.filter.error();
        return fail(e.message, e.position, e.length);
    }
    for (const CallFilter::Term& term : rule.filter.terms()) {
        if (term.field == CallFilter::Field::Status || term.field == CallFilter::Field::Latency)
            return fail(QStringLiteral("a rule acts on the request before any reply: its status and latency are not "
                                       "known yet"),
                        term.position, term.length);
    }
    ActionParser action(text, arrow + 2);
    std::optional<RuleAction> parsed = action.run();
    if (!parsed)
        return fail(action.message, action.errorPos, action.errorLength);
    rule.action = std::move(*parsed);
    return rule;
}

std::optional<std::vector<CallRule>> parseCallRules(const QString& text, RuleError& error,
                                                    const std::vector<CallFilter::ProtocolName>& protocols)
{
    std::vector<CallRule> rules;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines[i];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        std::optional<CallRule> rule = parseCallRule(line, error, protocols);
        if (!rule) {
            error.line = int(i + 1);
            return std::nullopt;
        }
        rule->line = int(i + 1);
        rules.push_back(std::move(*rule));
    }
    return rules;
}

CallRuleSet::CallRuleSet(std::vector<CallRule> rules)
    : m_rules(std::move(rules))
{
    for (const CallRule& rule : m_rules) {
        if (!rule.enabled)
            continue;
        ++m_enabled;
        if (rule.filter.uses(CallFilter::Field::Params))
            m_needsParams = true;
    }
}

const CallRule* CallRuleSet::match(const CallFilter::Facts& request) const
{
    for (const CallRule& rule : m_rules) {
        if (rule.enabled && rule.filter.matches(request))
            return &rule;
    }
    return nullptr;
}

} // namespace rpcscope
