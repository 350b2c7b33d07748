// The call list's filter language: the parser (CallFilter::parse). Matching is in callfilter.cpp.
#include "callfilter.h"

#include <QLocale>

#include <cmath>

namespace rpcscope {

namespace {

const QString kFieldList = QStringLiteral("method, object, protocol, status, client, server, latency, params");

struct FieldName
{
    const char* name;
    CallFilter::Field field;
};

constexpr FieldName kFields[] = {
    {"method", CallFilter::Field::Method},     {"object", CallFilter::Field::Object},
    {"protocol", CallFilter::Field::Protocol}, {"proto", CallFilter::Field::Protocol},
    {"status", CallFilter::Field::Status},     {"client", CallFilter::Field::Client},
    {"server", CallFilter::Field::Server},     {"latency", CallFilter::Field::Latency},
    {"params", CallFilter::Field::Params},
};

bool isWordChar(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isOpChar(QChar c)
{
    return c == QLatin1Char(':') || c == QLatin1Char('=') || c == QLatin1Char('<') || c == QLatin1Char('>')
        || c == QLatin1Char('~');
}

class Parser
{
public:
    Parser(const QString& text, const std::vector<CallFilter::ProtocolName>& protocols)
        : m_text(text)
        , m_protocols(protocols)
    { }

    std::vector<CallFilter::Term> terms;
    std::optional<FilterError> error;

    void run()
    {
        while (!error) {
            skipSpaces();
            if (atEnd())
                return;
            parseTerm();
        }
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek(int ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : QChar(); }
    void skipSpaces()
    {
        while (!atEnd() && peek().isSpace())
            ++m_pos;
    }
    void fail(const QString& message, int position, int length)
    {
        if (!error)
            error = FilterError {message, position, std::max(length, 1)};
    }

    // A run of characters up to the next space, or a quoted string. Returns false after reporting an error.
    bool readValue(QString& out, bool& quoted)
    {
        quoted = peek() == QLatin1Char('"');
        if (quoted) {
            const int open = m_pos++;
            while (!atEnd()) {
                const QChar c = peek();
                if (c == QLatin1Char('\\') && (peek(1) == QLatin1Char('"') || peek(1) == QLatin1Char('\\'))) {
                    out += peek(1);
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                if (c == QLatin1Char('"')) {
                    if (!atEnd() && !peek().isSpace()) {
                        fail(QStringLiteral("a space must follow the closing quote"), m_pos, 1);
                        return false;
                    }
                    return true;
                }
                out += c;
            }
            fail(QStringLiteral("the quote opened here is never closed"), open, 1);
            return false;
        }
        const int start = m_pos;
        while (!atEnd() && !peek().isSpace()) {
            if (peek() == QLatin1Char('"')) {
                fail(QStringLiteral("a quote inside a word: put the whole value in quotes"), m_pos, 1);
                return false;
            }
            ++m_pos;
        }
        out = m_text.mid(start, m_pos - start);
        return true;
    }

    void parseTerm()
    {
        CallFilter::Term term;
        term.position = m_pos;
        while (peek() == QLatin1Char('!')) {
            term.negated = !term.negated;
            ++m_pos;
        }
        if (atEnd() || peek().isSpace()) {
            fail(QStringLiteral("'!' must be followed by a term, e.g. !status:ok"), term.position,
                 m_pos - term.position);
            return;
        }

        // A field term is a word directly followed by an operator; anything else is free text.
        int wordEnd = m_pos;
        while (wordEnd < m_text.size() && isWordChar(m_text.at(wordEnd)))
            ++wordEnd;
        const bool fieldTerm = wordEnd > m_pos && wordEnd < m_text.size()
            && (isOpChar(m_text.at(wordEnd))
                || (m_text.at(wordEnd) == QLatin1Char('!') && wordEnd + 1 < m_text.size()
                    && m_text.at(wordEnd + 1) == QLatin1Char('=')));
        if (!fieldTerm) {
            bool quoted = false;
            if (!readValue(term.value, quoted))
                return;
            if (term.value.isEmpty()) {
                fail(QStringLiteral("empty quotes match nothing useful: remove them"), term.position,
                     m_pos - term.position);
                return;
            }
            term.field = CallFilter::Field::Text;
            finish(term);
            return;
        }

        const int nameStart = m_pos;
        const QString name = m_text.mid(m_pos, wordEnd - m_pos);
        m_pos = wordEnd;
        const FieldName* field = nullptr;
        for (const FieldName& f : kFields) {
            if (name.compare(QLatin1String(f.name), Qt::CaseInsensitive) == 0)
                field = &f;
        }
        if (!field) {
            fail(QStringLiteral("unknown field '%1': the fields are %2 (put text in quotes to search for it)")
                     .arg(name, kFieldList),
                 nameStart, name.size());
            return;
        }
        term.field = field->field;

        const int opStart = m_pos;
        if (peek() == QLatin1Char('!')) {
            fail(QStringLiteral("there is no '!=': write !%1=… to exclude a value").arg(name), opStart, 2);
            return;
        }
        QString op(peek());
        ++m_pos;
        if ((op == QLatin1String("<") || op == QLatin1String(">")) && peek() == QLatin1Char('=')) {
            op += QLatin1Char('=');
            ++m_pos;
        }
        if (op == QLatin1String(":"))
            term.op = CallFilter::Op::Contains;
        else if (op == QLatin1String("~"))
            term.op = CallFilter::Op::Matches;
        else if (op == QLatin1String("="))
            term.op = CallFilter::Op::Equals;
        else if (op == QLatin1String("<"))
            term.op = CallFilter::Op::Less;
        else if (op == QLatin1String("<="))
            term.op = CallFilter::Op::LessOrEqual;
        else if (op == QLatin1String(">"))
            term.op = CallFilter::Op::Greater;
        else
            term.op = CallFilter::Op::GreaterOrEqual;
        const bool textOp = term.op == CallFilter::Op::Contains || term.op == CallFilter::Op::Equals
            || term.op == CallFilter::Op::Matches;
        const bool comparison = !textOp;

        const int valueStart = m_pos;
        bool quoted = false;
        QString value;
        if (atEnd() || peek().isSpace()) {
            fail(QStringLiteral("'%1%2' needs a value, e.g. %3").arg(name, op, example(term.field)), nameStart,
                 m_pos - nameStart);
            return;
        }
        if (!readValue(value, quoted))
            return;
        const int valueLength = m_pos - valueStart;

        switch (term.field) {
        case CallFilter::Field::Latency:
            if (term.op == CallFilter::Op::Contains || term.op == CallFilter::Op::Matches) {
                fail(QStringLiteral("latency needs a comparison: <, <=, =, >=, > (e.g. latency>10ms)"), opStart,
                     op.size());
                return;
            }
            if (!parseLatency(term, value, valueStart, valueLength))
                return;
            break;
        case CallFilter::Field::Status:
            if (comparison || term.op == CallFilter::Op::Matches) {
                fail(QStringLiteral("status takes ':' or '=', e.g. status:fault"), opStart, op.size());
                return;
            }
            if (!parseStatus(term, value, valueStart, valueLength))
                return;
            break;
        case CallFilter::Field::Protocol:
            if (comparison || term.op == CallFilter::Op::Matches) {
                fail(QStringLiteral("protocol takes ':' or '=', e.g. protocol:pyro4"), opStart, op.size());
                return;
            }
            if (!parseProtocol(term, value, valueStart, valueLength))
                return;
            break;
        default:
            if (comparison) {
                fail(QStringLiteral("%1 is text: use %1:TEXT (contains), %1=TEXT (exactly) or %1~REGEX").arg(name),
                     opStart, op.size());
                return;
            }
            if (value.isEmpty()) {
                fail(QStringLiteral("empty quotes: give the text to look for"), valueStart, valueLength);
                return;
            }
            term.value = value;
            if (term.op == CallFilter::Op::Matches) {
                term.regex = QRegularExpression(value, QRegularExpression::CaseInsensitiveOption);
                if (!term.regex.isValid()) {
                    // The offset is in the expression; a quoted value starts one character later.
                    const int at = valueStart + (quoted ? 1 : 0) + int(term.regex.patternErrorOffset());
                    fail(QStringLiteral("not a regular expression: %1").arg(term.regex.errorString()),
                         std::min(at, valueStart + valueLength - 1), 1);
                    return;
                }
                term.regex.optimize();
            }
            break;
        }
        finish(term);
    }

    void finish(CallFilter::Term& term)
    {
        term.length = m_pos - term.position;
        terms.push_back(std::move(term));
    }

    static QString example(CallFilter::Field field)
    {
        switch (field) {
        case CallFilter::Field::Latency:
            return QStringLiteral("latency>10ms");
        case CallFilter::Field::Status:
            return QStringLiteral("status:fault");
        case CallFilter::Field::Protocol:
            return QStringLiteral("protocol:xmlrpc");
        case CallFilter::Field::Client:
            return QStringLiteral("client:127.0.0.1");
        case CallFilter::Field::Server:
            return QStringLiteral("server:8000");
        case CallFilter::Field::Object:
            return QStringLiteral("object:Pyro.NameServer");
        default:
            return QStringLiteral("method:add");
        }
    }

    bool parseLatency(CallFilter::Term& term, const QString& value, int at, int length)
    {
        int unitStart = 0;
        while (unitStart < value.size() && (value.at(unitStart).isDigit() || value.at(unitStart) == QLatin1Char('.')))
            ++unitStart;
        const QString number = value.left(unitStart);
        const QString unit = value.mid(unitStart);
        bool ok = false;
        const double n = QLocale::c().toDouble(number, &ok);
        if (!ok || number.isEmpty()) {
            fail(QStringLiteral("'%1' is not a duration: write a number and a unit, e.g. 10ms, 250us, 1.5s").arg(value),
                 at, length);
            return false;
        }
        double scale = 0;
        if (unit == QLatin1String("ms"))
            scale = 1;
        else if (unit == QLatin1String("s"))
            scale = 1000;
        else if (unit == QLatin1String("us") || unit == QStringLiteral("µs"))
            scale = 0.001;
        if (unit.isEmpty()) {
            fail(QStringLiteral("'%1' needs a unit: us, ms or s (e.g. %1ms)").arg(number), at + unitStart, 1);
            return false;
        }
        if (scale == 0) {
            fail(QStringLiteral("unknown unit '%1': use us, ms or s").arg(unit), at + unitStart, unit.size());
            return false;
        }
        term.low = n * scale;
        if (term.op == CallFilter::Op::Equals) {
            // "=" means "shows as": 10ms is [9.5ms, 10.5ms), 10.2ms is [10.15ms, 10.25ms).
            const qsizetype dot = number.indexOf(QLatin1Char('.'));
            const int decimals = dot < 0 ? 0 : int(number.size() - dot - 1);
            const double half = 0.5 * std::pow(10.0, -decimals) * scale;
            term.high = term.low + half;
            term.low -= half;
        }
        return true;
    }

    bool parseStatus(CallFilter::Term& term, const QString& value, int at, int length)
    {
        if (value.compare(QLatin1String("error"), Qt::CaseInsensitive) == 0) {
            for (CallStatus s : {CallStatus::Fault, CallStatus::Exception, CallStatus::NoReply, CallStatus::Malformed})
                term.statusMask |= 1u << unsigned(s);
            term.value = value;
            return true;
        }
        const std::optional<CallStatus> status = statusFromName(value);
        if (!status) {
            fail(QStringLiteral("unknown status '%1': use ok, fault, exception, no-reply, malformed, pending or error")
                     .arg(value),
                 at, length);
            return false;
        }
        term.statusMask = 1u << unsigned(*status);
        term.value = statusName(*status);
        return true;
    }

    bool parseProtocol(CallFilter::Term& term, const QString& value, int at, int length)
    {
        if (m_protocols.empty()) {
            term.value = value.toLower();
            return true;
        }
        QStringList known;
        for (const CallFilter::ProtocolName& p : m_protocols) {
            if (value.compare(p.id, Qt::CaseInsensitive) == 0
                || value.compare(p.displayName, Qt::CaseInsensitive) == 0) {
                term.value = p.id;
                return true;
            }
            known << p.id;
        }
        fail(QStringLiteral("unknown protocol '%1': use %2").arg(value, known.join(QStringLiteral(", "))), at, length);
        return false;
    }

    const QString& m_text;
    const std::vector<CallFilter::ProtocolName>& m_protocols;
    int m_pos = 0;
};

} // namespace

CallFilter CallFilter::parse(const QString& text, const std::vector<ProtocolName>& protocols)
{
    CallFilter filter;
    filter.m_text = text;
    Parser parser(text, protocols);
    parser.run();
    if (parser.error) {
        filter.m_error = parser.error;
        return filter;
    }
    filter.m_terms = std::move(parser.terms);
    // Cheap terms first: searching message bytes is the only costly test, so it runs last.
    // Params terms decode the request again, so they go last of all.
    auto cost = [](const Term& t) { return t.field == Field::Params ? 2 : t.field == Field::Text ? 1 : 0; };
    std::stable_sort(filter.m_terms.begin(), filter.m_terms.end(),
                     [&cost](const Term& a, const Term& b) { return cost(a) < cost(b); });
    return filter;
}

} // namespace rpcscope
