#include "pickleargs.h"

#include "pyintegers.h"
#include "pyrepr.h"
#include "pytext.h"

#include <algorithm>
#include <limits>

namespace rpcscope {

namespace {

using Arg = PickleOpcode::Arg;

QByteArray escapeDecode(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c != '\\' || i + 1 >= in.size()) {
            out += c;
            continue;
        }
        const char e = in[++i];
        switch (e) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        case '\n':
            break;
        case 'x': {
            bool ok = false;
            const int v = i + 2 < in.size() ? in.sliced(i + 1, 2).toByteArray().toInt(&ok, 16) : 0;
            if (ok && !in.sliced(i + 1, 2).contains('-') && !in.sliced(i + 1, 2).contains('+')) {
                out += static_cast<char>(v);
                i += 2;
            } else {
                out += "\\x";
            }
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int k = 0; k < 2 && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '7'; ++k)
                    v = v * 8 + (in[++i] - '0');
                out += static_cast<char>(v & 0xFF);
            } else if (e == '\\' || e == '\'' || e == '"') {
                out += e;
            } else {
                out += '\\';
                out += e;
            }
        }
    }
    return out;
}

// Python's raw-unicode-escape (the UNICODE opcode of protocol 0): \uXXXX and \UXXXXXXXX escapes, any other byte
// one Latin-1 character. Returns the offset (in `in`) of an escape that joined a surrogate pair, or -1.
QString rawUnicodeEscapeDecode(QByteArrayView in, qsizetype& joinedAt)
{
    QString out;
    joinedAt = -1;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\\' && i + 1 < in.size() && (in[i + 1] == 'u' || in[i + 1] == 'U')) {
            const int width = in[i + 1] == 'u' ? 4 : 8;
            if (i + 2 + width <= in.size()) {
                bool ok = false;
                const char32_t code = in.sliced(i + 2, width).toByteArray().toUInt(&ok, 16);
                if (ok && code <= 0x10FFFF) {
                    if (PyText::appendCodePoint(out, code) && joinedAt < 0)
                        joinedAt = i;
                    i += 1 + width;
                    continue;
                }
            }
        }
        out += QChar(static_cast<quint8>(c));
    }
    return out;
}

bool readLine(ByteCursor& in, QByteArrayView& line)
{
    const QByteArrayView rest = in.rest();
    const qsizetype nl = rest.indexOf('\n');
    if (nl < 0)
        return false;
    line = rest.first(nl);
    in.skip(nl + 1);
    return true;
}

} // namespace

QString PickleArgs::read(const PickleOpcode& op, ByteCursor& in, const DecodeLimits& limits, qint64 at, PickleArg& a,
                         PyNotes& notes)
{
    const QString endsInLine = QStringLiteral("pickle ends inside a text argument");
    QByteArrayView line;
    switch (op.arg) {
    case Arg::None:
        return {};
    case Arg::U1:
        a.integer = in.u8();
        break;
    case Arg::U2:
        a.integer = in.u16le();
        break;
    case Arg::I4:
        a.integer = in.i32le();
        break;
    case Arg::U4:
        a.integer = in.u32le();
        break;
    case Arg::U8: {
        const quint64 v = in.u64le();
        a.integer = v > quint64(std::numeric_limits<qint64>::max()) ? -1 : static_cast<qint64>(v);
        break;
    }
    case Arg::F8:
        a.real = in.f64be();
        break;
    case Arg::DecimalLine:
    case Arg::LongLine: {
        if (!readLine(in, line))
            return endsInLine;
        QByteArrayView digits = line.trimmed();
        if (op.arg == Arg::LongLine && digits.endsWith('L'))
            digits.chop(1);
        if (op.arg == Arg::DecimalLine && op.code == 'I' && (digits == "01" || digits == "00")) {
            a.value = RpcValue::fromBool(digits == "01");
            return {};
        }
        const bool negative = digits.startsWith('-');
        if (negative || digits.startsWith('+'))
            digits = digits.sliced(1);
        const bool valid = !digits.isEmpty()
            && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!valid)
            return QStringLiteral("invalid integer text in %1").arg(QLatin1StringView(op.name));
        if (digits.size() > PyIntegers::kMaxDecimalDigits) {
            notes.truncated(
                QStringLiteral("an integer of more than %1 digits is shown as None").arg(PyIntegers::kMaxDecimalDigits),
                at);
            a.integer = -1;
            return {};
        }
        a.value = PyIntegers::fromDecimal(digits, negative);
        a.integer = a.value.isInt() ? a.value.toInt() : -1;
        return {};
    }
    case Arg::FloatLine: {
        if (!readLine(in, line))
            return endsInLine;
        bool ok = false;
        a.real = QString::fromLatin1(line.trimmed()).toDouble(&ok);
        if (!ok)
            return QStringLiteral("invalid float text in FLOAT");
        return {};
    }
    case Arg::QuotedLine: {
        if (!readLine(in, line))
            return endsInLine;
        line = line.trimmed();
        if (line.size() < 2 || line.front() != line.back() || (line.front() != '\'' && line.front() != '"'))
            return QStringLiteral("the STRING opcode argument must be quoted");
        a.value = RpcValue::fromString(QString::fromLatin1(escapeDecode(line.sliced(1, line.size() - 2))));
        return {};
    }
    case Arg::UnicodeLine: {
        if (!readLine(in, line))
            return endsInLine;
        qsizetype joinedAt = -1;
        a.value = RpcValue::fromString(rawUnicodeEscapeDecode(line, joinedAt));
        if (joinedAt >= 0) {
            const QString& s = a.value.toString();
            for (qsizetype i = 1; i < s.size(); ++i) {
                if (s[i - 1].isHighSurrogate() && s[i].isLowSurrogate()) {
                    notes.lenient(QStringLiteral("a str holds ")
                                      + PyText::joinedPairText(s[i - 1].unicode(), s[i].unicode()),
                                  at + 1 + joinedAt);
                    break;
                }
            }
        }
        return {};
    }
    case Arg::Line:
        if (!readLine(in, line))
            return endsInLine;
        a.bytes = line;
        return {};
    case Arg::TwoLines:
        if (!readLine(in, a.bytes) || !readLine(in, a.second))
            return endsInLine;
        return {};
    case Arg::Bytes1:
    case Arg::Bytes4:
    case Arg::Bytes8: {
        qint64 n = op.arg == Arg::Bytes1 ? in.u8() : op.arg == Arg::Bytes4 ? qint64(in.u32le()) : -1;
        if (op.arg == Arg::Bytes8) {
            const quint64 v = in.u64le();
            n = v > quint64(std::numeric_limits<qint64>::max()) ? std::numeric_limits<qint64>::max()
                                                                : static_cast<qint64>(v);
        }
        if (in.failed())
            break;
        if (n < 0 || n > in.remaining())
            return QStringLiteral("length %1 does not fit the %2 bytes left").arg(n).arg(in.remaining());
        const qint64 data = in.pos();
        a.bytes = in.bytes(n);
        const bool utf8 = isUtf8Text(op);
        const qint64 max = limits.maxStringBytes;
        if (n > max) {
            // Past max-string-bytes only the first bytes are kept (whole UTF-8 sequences); reading goes on.
            qint64 keep = max;
            while (utf8 && keep > 0 && (static_cast<quint8>(a.bytes[keep]) & 0xC0) == 0x80)
                --keep;
            notes.truncated(QStringLiteral("%1 of %2 bytes cut to the first %3 (max-string-bytes)")
                                .arg(utf8 ? QStringLiteral("a str") : QStringLiteral("bytes"))
                                .arg(n)
                                .arg(keep),
                            at);
            a.bytes = a.bytes.first(keep);
        }
        if (utf8) {
            // Python's pickle writes str as UTF-8 with 'surrogatepass'.
            PyText::Report report;
            a.value = RpcValue::fromString(PyText::decodeUtf8(a.bytes, &report));
            if (report.joinedPairAt >= 0)
                notes.lenient(QStringLiteral("a str holds ") + PyText::joinedPairText(report.pairHigh, report.pairLow),
                              data + report.joinedPairAt);
            if (report.invalidAt >= 0)
                notes.lenient(QStringLiteral("a str holds bytes that are not UTF-8, shown as U+FFFD (Python's "
                                             "unpickler refuses them)"),
                              data + report.invalidAt);
        }
        return {};
    }
    case Arg::Long1:
    case Arg::Long4: {
        const qint64 n = op.arg == Arg::Long1 ? in.u8() : in.i32le();
        if (in.failed())
            break;
        if (n < 0 || n > in.remaining())
            return QStringLiteral("length %1 does not fit the %2 bytes left").arg(n).arg(in.remaining());
        const auto v = PyIntegers::fromTwosComplementLE(in.bytes(n));
        if (!v) {
            notes.truncated(QStringLiteral("an integer of more than %1 decimal digits is shown as None")
                                .arg(PyIntegers::kMaxDecimalDigits),
                            at);
            return {};
        }
        a.value = *v;
        return {};
    }
    }
    if (in.failed())
        return QStringLiteral("pickle ends inside the argument of %1").arg(QLatin1StringView(op.name));
    return {};
}

QString PickleArgs::text(const PickleOpcode& op, const PickleArg& a)
{
    switch (op.arg) {
    case Arg::None:
        return QString();
    case Arg::U1:
    case Arg::U2:
    case Arg::I4:
    case Arg::U4:
    case Arg::U8:
        return QString::number(a.integer);
    case Arg::F8:
    case Arg::FloatLine:
        return QString::fromLatin1(PyRepr::floatRepr(a.real));
    case Arg::Line:
        return QString::fromUtf8(a.bytes);
    case Arg::TwoLines:
        return QString::fromUtf8(a.bytes) + QLatin1Char(' ') + QString::fromUtf8(a.second);
    case Arg::Bytes1:
    case Arg::Bytes4:
    case Arg::Bytes8:
        return isUtf8Text(op)
            ? PyRepr::stringRepr(a.value.toString()).left(200)
            : PyRepr::bytesRepr(a.bytes.first(std::min<qsizetype>(100, a.bytes.size())).toByteArray());
    default:
        return PyRepr::repr(a.value).left(200);
    }
}

} // namespace rpcscope
