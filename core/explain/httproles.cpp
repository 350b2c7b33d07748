// What the bytes of an HTTP/1.x message are that no field holds: line ends, separators, the blank line.
#include "spanroles.h"

namespace rpcscope::spanroles {

namespace {

QString lineOf(const DecodeNode* before)
{
    if (!before)
        return QStringLiteral("the line");
    if (before->type == QLatin1String("request-line"))
        return QStringLiteral("the request line");
    if (before->type == QLatin1String("status-line"))
        return QStringLiteral("the status line");
    if (before->type == QLatin1String("header"))
        return QStringLiteral("the “%1” header line").arg(before->name);
    if (before->type == QLatin1String("headers"))
        return QStringLiteral("the last header line");
    if (before->name == QLatin1String("size"))
        return QStringLiteral("the chunk-size line");
    if (before->name == QLatin1String("data"))
        return QStringLiteral("the chunk's data");
    return QStringLiteral("“%1”").arg(before->name);
}

// "Name: value": the name, the colon with the blanks around the value, the value.
void splitHeaderLine(const RoleRun& run, std::vector<RolePiece>& out)
{
    qint64 colon = run.from;
    while (colon < run.to && run.bytes[colon] != ':')
        ++colon;
    if (colon == run.from || colon >= run.to) {
        out.push_back(fieldPiece(run, run.from, run.to));
        return;
    }
    qint64 value = colon + 1;
    while (value < run.to && (run.bytes[value] == ' ' || run.bytes[value] == '\t'))
        ++value;
    const QString& name = run.holder().name;
    out.push_back({run.from,
                   colon - run.from,
                   QStringLiteral("header-name"),
                   QStringLiteral("The name of the “%1” header field (names are case-insensitive).").arg(name),
                   {}});
    out.push_back({colon,
                   value - colon,
                   QStringLiteral("separator"),
                   QStringLiteral("The colon (and optional blanks) between a header field's name and its value."),
                   {}});
    if (value < run.to)
        out.push_back(fieldPiece(run, value, run.to));
}

} // namespace

bool httpRoles(const RoleRun& run, std::vector<RolePiece>& out)
{
    const DecodeNode& holder = run.holder();
    if (run.ownBytes) {
        if (holder.type == QLatin1String("header")) {
            splitHeaderLine(run, out);
            return true;
        }
        if (holder.type == QLatin1String("line-end")) {
            out.push_back({run.from,
                           run.to - run.from,
                           QStringLiteral("header-end"),
                           QStringLiteral("The blank line (CR LF on a line of its own) that ends the HTTP headers: the "
                                          "body starts with the next byte."),
                           {}});
            return true;
        }
        return false;
    }
    const DecodeNode* before = run.childBefore();
    const DecodeNode* after = run.childAfter();
    qint64 i = run.from;
    while (i < run.to) {
        const char c = run.bytes[i];
        if (c == '\r' && i + 1 < run.to && run.bytes[i + 1] == '\n') {
            const bool blank = !before && !after;
            out.push_back({i,
                           2,
                           blank ? QStringLiteral("header-end") : QStringLiteral("crlf"),
                           blank ? QStringLiteral("The blank line (CR LF) that ends this block.")
                                 : QStringLiteral("CR LF (0d 0a): ends %1.").arg(lineOf(before)),
                           {}});
            i += 2;
        } else if (c == '\n') {
            out.push_back(
                {i,
                 1,
                 QStringLiteral("line-end"),
                 QStringLiteral("A bare LF ending %1 (HTTP asks for CR LF; read leniently).").arg(lineOf(before)),
                 {}});
            ++i;
        } else if (c == ' ' || c == '\t') {
            qint64 j = i;
            while (j < run.to && (run.bytes[j] == ' ' || run.bytes[j] == '\t'))
                ++j;
            const bool startLine
                = holder.type == QLatin1String("request-line") || holder.type == QLatin1String("status-line");
            out.push_back({i,
                           j - i,
                           startLine ? QStringLiteral("separator") : QStringLiteral("whitespace"),
                           startLine && before && after
                               ? QStringLiteral("The space (SP) between “%1” and “%2”.").arg(before->name, after->name)
                               : QStringLiteral("Blanks inside “%1”.").arg(holder.name),
                           {}});
            i = j;
        } else {
            return false;
        }
    }
    return true;
}

} // namespace rpcscope::spanroles
