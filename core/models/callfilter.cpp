#include "callfilter.h"

#include "callstore.h"
#include "regexprefix.h"

#include <QLocale>

#include <cmath>
#include <cstring>

namespace rpcscope {

namespace {
// ASCII case folding for searching raw message bytes; other bytes compare exactly.
inline quint8 fold(quint8 c)
{
    return (c >= 'A' && c <= 'Z') ? quint8(c + ('a' - 'A')) : c;
}

bool bytesContain(QByteArrayView hay, const QByteArray& needle, const std::array<quint32, 256>& shift)
{
    const qsizetype n = needle.size();
    const qsizetype h = hay.size();
    if (n == 0 || h < n)
        return false;
    const auto* text = reinterpret_cast<const quint8*>(hay.constData());
    const auto* pat = reinterpret_cast<const quint8*>(needle.constData());
    const quint8 last = pat[n - 1];
    qsizetype i = 0;
    while (i <= h - n) {
        const quint8 c = fold(text[i + n - 1]);
        if (c == last) {
            qsizetype j = n - 2;
            while (j >= 0 && fold(text[i + j]) == pat[j])
                --j;
            if (j < 0)
                return true;
        }
        i += shift[c];
    }
    return false;
}

bool textContains(const QString& hay, const QString& needle)
{
    return hay.contains(needle, Qt::CaseInsensitive);
}

// A text field's term (`:` contains, `=` exactly, `~` a regular expression) against one text. `regexPrefix` is the
// expression's anchoredLiteralPrefix().
bool textMatches(const CallFilter::Term& term, const QString& text, const QString& regexPrefix)
{
    switch (term.op) {
    case CallFilter::Op::Equals:
        return text == term.value;
    case CallFilter::Op::Matches:
        return mayMatchAnchoredPrefix(text, regexPrefix) && term.regex.match(text).hasMatch();
    default:
        return textContains(text, term.value);
    }
}

bool latencyMatches(const CallFilter::Term& term, double latencyMs)
{
    switch (term.op) {
    case CallFilter::Op::Less:
        return latencyMs < term.low;
    case CallFilter::Op::LessOrEqual:
        return latencyMs <= term.low;
    case CallFilter::Op::Greater:
        return latencyMs > term.low;
    case CallFilter::Op::GreaterOrEqual:
        return latencyMs >= term.low;
    default:
        return latencyMs >= term.low && latencyMs < term.high;
    }
}

void compileNeedle(const QString& text, QByteArray& needle, std::array<quint32, 256>& shift)
{
    needle = text.toUtf8();
    for (char& ch : needle)
        ch = char(fold(quint8(ch)));
    const auto n = static_cast<quint32>(needle.size());
    shift.fill(n);
    for (quint32 k = 0; k + 1 < n; ++k)
        shift[quint8(needle[k])] = n - 1 - k;
}

} // namespace

void CallFilter::prepare(const CallStore& store) const
{
    if (m_cacheStore == &store && m_cacheGeneration == store.generation() && m_compiled.size() == m_terms.size())
        return;
    m_cacheStore = &store;
    m_cacheGeneration = store.generation();
    m_compiled.assign(m_terms.size(), Compiled {});
    for (std::size_t i = 0; i < m_terms.size(); ++i)
        compileTerm(m_terms[i], m_compiled[i]);
}

void CallFilter::prepareNeedles() const
{
    if (m_factNeedles.size() == m_terms.size())
        return;
    m_factNeedles.assign(m_terms.size(), Compiled {});
    for (std::size_t i = 0; i < m_terms.size(); ++i)
        compileTerm(m_terms[i], m_factNeedles[i]);
}

void CallFilter::compileTerm(const Term& term, Compiled& compiled)
{
    if (term.field == Field::Text)
        compileNeedle(term.value, compiled.needle, compiled.shift);
    else if (term.op == Op::Matches)
        compiled.regexPrefix = anchoredLiteralPrefix(term.value);
}

QString CallFilter::paramsText(const RpcValue& params, const RpcValue& kwargs)
{
    // Long enough for any argument list a person filters by; beyond it the text is cut (with an ellipsis).
    constexpr int kMaxChars = 64 * 1024;
    QString text = params.toDisplayString(kMaxChars);
    if (kwargs.type() == RpcValue::Type::Struct && !kwargs.toStruct().empty())
        text += QLatin1Char(' ') + kwargs.toDisplayString(kMaxChars);
    return text;
}

bool CallFilter::uses(Field field) const
{
    return std::any_of(m_terms.begin(), m_terms.end(), [field](const Term& t) { return t.field == field; });
}

bool CallFilter::matchFact(const Term& term, Compiled& compiled, const Facts& facts) const
{
    auto remembered = [&](const QString& text) {
        if (!compiled.hasLast || compiled.lastText != text) {
            compiled.lastVerdict = textMatches(term, text, compiled.regexPrefix);
            compiled.lastText = text;
            compiled.hasLast = true;
        }
        return compiled.lastVerdict;
    };
    switch (term.field) {
    case Field::Method:
        return remembered(facts.method);
    case Field::Object:
        return remembered(facts.object);
    case Field::Client:
        return remembered(facts.client);
    case Field::Server:
        return remembered(facts.server);
    case Field::Protocol:
        return facts.protocol.compare(term.value, Qt::CaseInsensitive) == 0;
    case Field::Status:
        return (term.statusMask >> unsigned(facts.status)) & 1u;
    case Field::Latency:
        return facts.latencyMs >= 0 && latencyMatches(term, facts.latencyMs);
    case Field::Params:
        if (!facts.params)
            return false;
        if (!facts.paramsTextCache)
            facts.paramsTextCache = paramsText(*facts.params, facts.kwargs ? *facts.kwargs : RpcValue());
        return textMatches(term, *facts.paramsTextCache, compiled.regexPrefix);
    case Field::Text:
        for (const QString* s : {&facts.method, &facts.object, &facts.client, &facts.server, &facts.protocol}) {
            if (textContains(*s, term.value))
                return true;
        }
        if (textContains(statusName(facts.status), term.value))
            return true;
        return bytesContain(facts.requestBytes, compiled.needle, compiled.shift)
            || bytesContain(facts.responseBytes, compiled.needle, compiled.shift);
    }
    return false;
}

bool CallFilter::matches(const Facts& facts) const
{
    if (m_terms.empty() || m_error)
        return true;
    prepareNeedles();
    for (std::size_t i = 0; i < m_terms.size(); ++i) {
        const Term& term = m_terms[i];
        if (matchFact(term, m_factNeedles[i], facts) == term.negated)
            return false;
    }
    return true;
}

bool CallFilter::stringMatches(const Term& term, Compiled& compiled, const CallStore& store, quint32 id) const
{
    if (compiled.verdicts.size() <= id)
        compiled.verdicts.resize(store.strings().size(), 0);
    quint8& verdict = compiled.verdicts[id];
    if (verdict == 0) {
        const QString& s = store.string(id);
        bool yes = false;
        switch (term.field) {
        case Field::Protocol:
            yes = s.compare(term.value, Qt::CaseInsensitive) == 0;
            break;
        case Field::Text:
            yes = textContains(s, term.value);
            break;
        default:
            yes = textMatches(term, s, compiled.regexPrefix);
            break;
        }
        verdict = yes ? 2 : 1;
    }
    return verdict == 2;
}

bool CallFilter::matchTerm(const Term& term, Compiled& compiled, const CallStore& store, int row) const
{
    const CallRecord& r = store.record(row);
    switch (term.field) {
    case Field::Method:
        return stringMatches(term, compiled, store, r.method);
    case Field::Object:
        return stringMatches(term, compiled, store, r.object);
    case Field::Client:
        return stringMatches(term, compiled, store, r.client);
    case Field::Server:
        return stringMatches(term, compiled, store, r.server);
    case Field::Protocol:
        return stringMatches(term, compiled, store, r.protocol);
    case Field::Status:
        return (term.statusMask >> unsigned(r.status)) & 1u;
    case Field::Latency:
        return r.hasLatency() && latencyMatches(term, r.latencyMs);
    case Field::Params: {
        // The arguments are not in the record: decode the request again (params terms run after the cheap ones).
        if (!store.hasRequest(row))
            return false;
        const Call call = store.call(row);
        return call.request && textMatches(term, paramsText(call.params(), call.kwargs()), compiled.regexPrefix);
    }
    case Field::Text: {
        for (quint32 id : {r.method, r.object, r.client, r.server, r.protocol}) {
            if (id != 0 && stringMatches(term, compiled, store, id))
                return true;
        }
        if (textContains(statusName(r.status), term.value))
            return true;
        const StoredCall stored = store.stored(row);
        for (const std::optional<StoredMessage>* m : {&stored.request, &stored.response}) {
            // Bytes that cannot be read back match nothing; selecting the call shows why.
            if (*m && (*m)->bytes.readInto(compiled.bytes)
                && bytesContain(compiled.bytes, compiled.needle, compiled.shift))
                return true;
        }
        return false;
    }
    }
    return false;
}

bool CallFilter::matches(const CallStore& store, int row) const
{
    if (m_terms.empty())
        return true;
    prepare(store);
    for (std::size_t i = 0; i < m_terms.size(); ++i) {
        const Term& term = m_terms[i];
        if (matchTerm(term, m_compiled[i], store, row) == term.negated)
            return false;
    }
    return true;
}

} // namespace rpcscope
