#include "jmxvalues.h"

#include <algorithm>

namespace rpcscope::jmxvalues {

namespace {
const QString kObjectName = QStringLiteral("javax.management.ObjectName");

// Characters a key, or a value that is not quoted, may not hold (ObjectName's grammar).
bool isSeparator(QChar c)
{
    return c == QLatin1Char(',') || c == QLatin1Char('=') || c == QLatin1Char(':') || c == QLatin1Char('"');
}
} // namespace

std::optional<QString> canonicalObjectName(QStringView serialized)
{
    const qsizetype colon = serialized.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return std::nullopt;
    const QStringView domain = serialized.first(colon);
    const QStringView list = serialized.sliced(colon + 1);
    std::vector<std::pair<QStringView, QStringView>> properties;
    bool listPattern = false;
    qsizetype i = 0;
    while (i < list.size()) {
        if (list.at(i) == QLatin1Char('*') && (i + 1 == list.size() || list.at(i + 1) == QLatin1Char(','))) {
            listPattern = true;
            i += 2;
            continue;
        }
        const qsizetype keyStart = i;
        while (i < list.size() && !isSeparator(list.at(i)))
            ++i;
        if (i == keyStart || i >= list.size() || list.at(i) != QLatin1Char('='))
            return std::nullopt;
        const QStringView key = list.sliced(keyStart, i - keyStart);
        ++i;
        const qsizetype valueStart = i;
        if (i < list.size() && list.at(i) == QLatin1Char('"')) {
            // A quoted value runs to the next quote that is not escaped with a backslash.
            ++i;
            while (i < list.size() && list.at(i) != QLatin1Char('"'))
                i += list.at(i) == QLatin1Char('\\') ? 2 : 1;
            if (i >= list.size())
                return std::nullopt;
            ++i;
        } else {
            while (i < list.size() && !isSeparator(list.at(i)))
                ++i;
        }
        if (i < list.size() && list.at(i) != QLatin1Char(','))
            return std::nullopt;
        properties.emplace_back(key, list.sliced(valueStart, i - valueStart));
        ++i;
    }
    if (properties.empty() && !listPattern)
        return std::nullopt;
    // String.compareTo order: UTF-16 code units, as QStringView compares.
    std::stable_sort(properties.begin(), properties.end(),
                     [](const auto& a, const auto& b) { return a.first.compare(b.first) < 0; });
    QString out = domain + QLatin1Char(':');
    for (std::size_t p = 0; p < properties.size(); ++p) {
        if (p > 0)
            out += QLatin1Char(',');
        out += properties[p].first + QLatin1Char('=') + properties[p].second;
    }
    if (listPattern)
        out += properties.empty() ? QStringLiteral("*") : QStringLiteral(",*");
    return out;
}

JavaScalar objectName(const JavaStream& stream, int id)
{
    const JavaClassData* data = stream.classDataOf(id, kObjectName);
    if (!data)
        return {};
    JavaScalar out;
    // The compatible form of JMX 1.0 (jmx.serial.form=1.0) writes the canonical name as a field.
    const int field = stream.fieldValue(id, kObjectName, u"canonicalName");
    if (stream.valid(field) && stream.node(field).kind == JavaKind::String) {
        out.kind = JavaScalar::Kind::Value;
        out.value = RpcValue::fromString(stream.node(field).text);
        out.value.setTag(kObjectName);
        return out;
    }
    // The current form: writeObject data holding the name as given.
    for (int c : data->annotation) {
        const int s = stream.resolve(c);
        if (!stream.valid(s) || stream.node(s).kind != JavaKind::String)
            continue;
        const QString& written = stream.node(s).text;
        const std::optional<QString> canonical = canonicalObjectName(written);
        out.kind = JavaScalar::Kind::Value;
        out.value = RpcValue::fromString(canonical.value_or(written));
        out.value.setTag(kObjectName);
        if (!canonical)
            out.note = QStringLiteral("not a valid object name; shown as written");
        else if (*canonical != written)
            out.note = QStringLiteral("written as %1").arg(written);
        return out;
    }
    return {};
}

} // namespace rpcscope::jmxvalues
