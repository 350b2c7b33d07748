#include "spanroles.h"

#include <algorithm>

namespace rpcscope::spanroles {

namespace {

struct ProtocolRoles
{
    const char* protocol;
    RoleSplitter split;
};

// One line per protocol: what its bytes between fields are. Pyro5 frames are laid out like Pyro4's.
constexpr ProtocolRoles kRoles[] = {
    {"xmlrpc", xmlrpcRoles},
    {"pyro4", pyroRoles},
    {"pyro5", pyroRoles},
    {"jrmp", jrmpRoles},
};

bool holds(const DecodeNode& n, qint64 from, qint64 to)
{
    return n.hasBytes() && n.buffer == 0 && from >= n.offset && to <= n.end();
}

} // namespace

const DecodeNode* RoleRun::ancestorNamed(QStringView name) const
{
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
        if ((*it)->name == name)
            return *it;
    }
    return nullptr;
}

RoleSplitter splitterFor(QStringView protocol)
{
    for (const ProtocolRoles& r : kRoles) {
        if (protocol == QLatin1StringView(r.protocol))
            return r.split;
    }
    return nullptr;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QString bytesText(QByteArrayView bytes, int maxChars)
{
    QString out;
    for (char ch : bytes) {
        if (out.size() >= maxChars) {
            out += QChar(0x2026);
            break;
        }
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\r')
            out += QLatin1String("\\r");
        else if (c == '\n')
            out += QLatin1String("\\n");
        else if (c == '\t')
            out += QLatin1String("\\t");
        else if (c == '\\')
            out += QLatin1String("\\\\");
        else if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    return out;
}

RolePiece fieldPiece(const RoleRun& run, qint64 from, qint64 to)
{
    return {from, to - from, QStringLiteral("field"), run.holder().description, {}};
}

void whitespacePieces(const RoleRun& run, qint64 from, qint64 to, const QString& where, std::vector<RolePiece>& out)
{
    qint64 i = from;
    bool lineStart = false;
    while (i < to) {
        const char c = run.bytes[i];
        if (c == '\n' || (c == '\r' && i + 1 < to && run.bytes[i + 1] == '\n')) {
            const qint64 n = c == '\r' ? 2 : 1;
            out.push_back(
                {i,
                 n,
                 QStringLiteral("line-end"),
                 (n == 2 ? QStringLiteral("A line end (CR LF) %1.") : QStringLiteral("A line end (LF) %1.")).arg(where),
                 {}});
            i += n;
            lineStart = true;
            continue;
        }
        qint64 j = i;
        while (j < to && isBlank(run.bytes[j]) && run.bytes[j] != '\n'
               && !(run.bytes[j] == '\r' && j + 1 < to && run.bytes[j + 1] == '\n'))
            ++j;
        if (j == i)
            ++j; // a byte that is no blank at all: counted as white space only by a caller's mistake
        const qint64 n = j - i;
        const QString count = n == 1 ? QStringLiteral("One blank") : QStringLiteral("%1 blanks").arg(n);
        if (lineStart)
            out.push_back({i,
                           n,
                           QStringLiteral("indentation"),
                           QStringLiteral("Indentation: %1 at the start of a line, %2.").arg(count.toLower(), where),
                           {}});
        else
            out.push_back({i, n, QStringLiteral("whitespace"), QStringLiteral("%1 %2.").arg(count, where), {}});
        lineStart = false;
        i = j;
    }
}

void genericRoles(const RoleRun& run, std::vector<RolePiece>& out)
{
    const DecodeNode& holder = run.holder();
    if (!holds(holder, run.from, run.to) || run.path.size() == 0) {
        out.push_back({run.from,
                       run.to - run.from,
                       QStringLiteral("unattributed"),
                       QStringLiteral("Bytes of the message outside every decoded field: the decoder did not read "
                                      "them (see the message's problems)."),
                       {}});
        return;
    }
    if (run.ownBytes) {
        out.push_back(fieldPiece(run, run.from, run.to));
        return;
    }
    const QByteArrayView bytes = run.bytes.sliced(run.from, run.to - run.from);
    if (std::all_of(bytes.begin(), bytes.end(), isBlank)) {
        whitespacePieces(run, run.from, run.to, QStringLiteral("between the fields of “%1”").arg(holder.name), out);
        return;
    }
    QString text = QStringLiteral("Bytes of “%1” (%2) that none of its fields holds: part of its own encoding.")
                       .arg(holder.name, holder.type);
    if (!holder.description.isEmpty())
        text += QLatin1Char(' ') + holder.description;
    out.push_back({run.from, run.to - run.from, QStringLiteral("structure"), text, {}});
}

} // namespace rpcscope::spanroles
