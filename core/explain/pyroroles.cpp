// What the bytes of a Pyro message are that no field holds: the punctuation, keys and blanks of the text
// serializers (serpent, json), and the value of a dict entry after its key.
#include "spanroles.h"

#include <algorithm>
#include <cstring>

namespace rpcscope::spanroles {

namespace {

bool isPunctuation(char c)
{
    return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == ':';
}

// A dict entry: a node named by its key with a child "key" and, when the value is a container, its items.
const DecodeNode* keyOf(const DecodeNode& holder)
{
    for (const DecodeNode& c : holder.children) {
        if (c.name == QLatin1String("key"))
            return &c;
    }
    return nullptr;
}

bool hasItems(const DecodeNode& holder)
{
    return std::any_of(holder.children.begin(), holder.children.end(),
                       [](const DecodeNode& c) { return c.name != QLatin1String("key") && c.hasBytes(); });
}

QString punctuationText(char c, const DecodeNode& holder, const QString& serializer)
{
    const QString what = QStringLiteral("the %1 “%2”").arg(holder.type, holder.name);
    switch (c) {
    case '(':
    case '[':
    case '{':
        return QStringLiteral("Opens %1 (%2 writes containers as literals in brackets).").arg(what, serializer);
    case ')':
    case ']':
    case '}':
        return QStringLiteral("Closes %1.").arg(what);
    case ',':
        return QStringLiteral("Separates two items of %1.").arg(what);
    case ':':
        return QStringLiteral("Separates a key from its value.");
    }
    return {};
}

// A quoted string in the gap of a text serializer: the key of an entry whose value is written after it.
qint64 quotedEnd(const RoleRun& run, qint64 i)
{
    const char quote = run.bytes[i];
    for (qint64 j = i + 1; j < run.to; ++j) {
        if (run.bytes[j] == '\\')
            ++j;
        else if (run.bytes[j] == quote)
            return j + 1;
    }
    return -1;
}

bool textRoles(const RoleRun& run, const QString& serializer, std::vector<RolePiece>& out)
{
    const DecodeNode& holder = run.holder();
    const bool entryValue = keyOf(holder) && !hasItems(holder);
    bool afterColon = false;
    qint64 i = run.from;
    while (i < run.to) {
        const char c = run.bytes[i];
        if (isBlank(c)) {
            qint64 j = i;
            while (j < run.to && isBlank(run.bytes[j]))
                ++j;
            whitespacePieces(run, i, j, QStringLiteral("between items; %1 ignores it").arg(serializer), out);
            i = j;
        } else if (entryValue && afterColon) {
            // A dict entry whose value is no container: the node is the entry, its value is written here.
            out.push_back(fieldPiece(run, i, run.to));
            return true;
        } else if (isPunctuation(c)) {
            out.push_back({i, 1, QStringLiteral("punctuation"), punctuationText(c, holder, serializer), {}});
            afterColon = c == ':';
            ++i;
        } else if (c == '"' || c == '\'') {
            const qint64 end = quotedEnd(run, i);
            if (end < 0)
                return false;
            out.push_back({i,
                           end - i,
                           QStringLiteral("key"),
                           QStringLiteral("The key of the entry that is “%1” in the tree: a %2 string.")
                               .arg(holder.name, serializer),
                           {}});
            i = end;
        } else {
            return false;
        }
    }
    return true;
}

quint32 bigEndian(const RoleRun& run, qint64 at, int size)
{
    quint32 v = 0;
    for (int k = 0; k < size; ++k)
        v = (v << 8) | static_cast<unsigned char>(run.bytes[at + k]);
    return v;
}

quint32 littleEndian(const RoleRun& run, qint64 at, int size)
{
    quint32 v = 0;
    for (int k = size - 1; k >= 0; --k)
        v = (v << 8) | static_cast<unsigned char>(run.bytes[at + k]);
    return v;
}

// One marshal item header or key in a gap: how long it is, its role and what it says; 0 when it is not one.
qint64 marshalToken(const RoleRun& run, qint64 i, RolePiece& piece)
{
    const auto byte = static_cast<unsigned char>(run.bytes[i]);
    const char code = char(byte & 0x7f);
    const qint64 left = run.to - i;
    const QString ref = byte & 0x80 ? QStringLiteral(" (flag 0x80: later items may refer back to it)") : QString();
    const QString name = run.holder().name;
    qint64 n = 0;
    if ((code == 'Z' || code == 'z') && left >= 2 && left >= 2 + static_cast<unsigned char>(run.bytes[i + 1])) {
        n = 2 + static_cast<unsigned char>(run.bytes[i + 1]);
        piece
            = {i,
               n,
               QStringLiteral("key"),
               QStringLiteral("The key of the entry “%1”: a marshal short string, type code '%2', a 1-byte length and "
                              "the characters%3.")
                   .arg(name, QString(QLatin1Char(code)), ref),
               {}};
    } else if ((code == 'u' || code == 'a' || code == 'A' || code == 't') && left >= 5
               && qint64(littleEndian(run, i + 1, 4)) <= left - 5) {
        n = 5 + qint64(littleEndian(run, i + 1, 4));
        piece = {i,
                 n,
                 QStringLiteral("key"),
                 QStringLiteral("The key of the entry “%1”: a marshal string, type code '%2', a 4-byte length and the "
                                "characters%3.")
                     .arg(name, QString(QLatin1Char(code)), ref),
                 {}};
    } else if (code == ')' && left >= 2) {
        n = 2;
        piece = {i,
                 n,
                 QStringLiteral("container-header"),
                 QStringLiteral("Type code ')' (small tuple) and a 1-byte count: the %1 items of “%2” follow%3.")
                     .arg(static_cast<unsigned char>(run.bytes[i + 1]))
                     .arg(name, ref),
                 {}};
    } else if ((code == '(' || code == '[' || code == '<' || code == '>') && left >= 5) {
        n = 5;
        const char* kind = code == '(' ? "tuple" : code == '[' ? "list" : code == '<' ? "set" : "frozenset";
        piece = {i,
                 n,
                 QStringLiteral("container-header"),
                 QStringLiteral("Type code '%1' (%2) and a 4-byte count: the %3 items of “%4” follow%5.")
                     .arg(QString(QLatin1Char(code)), QString::fromLatin1(kind))
                     .arg(littleEndian(run, i + 1, 4))
                     .arg(name, ref),
                 {}};
    } else if (code == '{') {
        n = 1;
        piece = {
            i,
            n,
            QStringLiteral("container-header"),
            QStringLiteral("Type code '{' (dict): key and value pairs of “%1” follow, up to a '0'%2.").arg(name, ref),
            {}};
    } else if (code == '0') {
        n = 1;
        piece = {i,
                 n,
                 QStringLiteral("end-marker"),
                 QStringLiteral("Type code '0' (NULL): the end of the dict “%1”.").arg(name),
                 {}};
    }
    return n;
}

// One msgpack container header or key string in a gap; 0 when it is not one.
qint64 msgpackToken(const RoleRun& run, qint64 i, RolePiece& piece)
{
    const auto b = static_cast<unsigned char>(run.bytes[i]);
    const qint64 left = run.to - i;
    const QString name = run.holder().name;
    auto header = [&](qint64 n, const char* kind, quint32 count) {
        piece = {i,
                 n,
                 QStringLiteral("container-header"),
                 QStringLiteral("Type byte 0x%1 (msgpack %2): %3 %4 of “%5” follow.")
                     .arg(b, 2, 16, QLatin1Char('0'))
                     .arg(QLatin1String(kind))
                     .arg(count)
                     .arg(QLatin1String(std::strstr(kind, "map") ? "key and value pairs" : "items"), name),
                 {}};
        return n;
    };
    auto key = [&](qint64 prefix, quint32 length) -> qint64 {
        if (qint64(length) > left - prefix)
            return 0;
        piece = {i,
                 prefix + length,
                 QStringLiteral("key"),
                 QStringLiteral("The key of the entry “%1”: a msgpack string (type byte 0x%2, its length, the UTF-8 "
                                "bytes).")
                     .arg(name)
                     .arg(b, 2, 16, QLatin1Char('0')),
                 {}};
        return prefix + length;
    };
    if (b >= 0x80 && b <= 0x8f)
        return header(1, "fixmap", b & 0x0f);
    if (b >= 0x90 && b <= 0x9f)
        return header(1, "fixarray", b & 0x0f);
    if ((b == 0xdc || b == 0xde) && left >= 3)
        return header(3, b == 0xdc ? "array 16" : "map 16", bigEndian(run, i + 1, 2));
    if ((b == 0xdd || b == 0xdf) && left >= 5)
        return header(5, b == 0xdd ? "array 32" : "map 32", bigEndian(run, i + 1, 4));
    if (b >= 0xa0 && b <= 0xbf)
        return key(1, b & 0x1f);
    if (b == 0xd9 && left >= 2)
        return key(2, bigEndian(run, i + 1, 1));
    if (b == 0xda && left >= 3)
        return key(3, bigEndian(run, i + 1, 2));
    if (b == 0xdb && left >= 5)
        return key(5, bigEndian(run, i + 1, 4));
    return 0;
}

bool binaryRoles(const RoleRun& run, bool marshal, std::vector<RolePiece>& out)
{
    qint64 i = run.from;
    while (i < run.to) {
        RolePiece piece;
        const qint64 n = marshal ? marshalToken(run, i, piece) : msgpackToken(run, i, piece);
        if (n <= 0)
            return false;
        out.push_back(std::move(piece));
        i += n;
    }
    return true;
}

} // namespace

bool pyroRoles(const RoleRun& run, std::vector<RolePiece>& out)
{
    if (run.ownBytes)
        return false;
    const DecodeNode* payload = run.ancestorNamed(QStringLiteral("payload"));
    const DecodeNode& holder = run.holder();
    if (payload && (payload->type == QLatin1String("serpent") || payload->type == QLatin1String("json")))
        return textRoles(run, payload->type, out);
    const std::size_t mark = out.size();
    if (payload && (payload->type == QLatin1String("marshal") || payload->type == QLatin1String("msgpack"))
        && !(keyOf(holder) && !hasItems(holder)) && binaryRoles(run, payload->type == QLatin1String("marshal"), out))
        return true;
    out.resize(mark); // what a failed reading appended
    // Binary serializers: the value of a dict entry follows its key (a type code, maybe a length, the bytes).
    if (const DecodeNode* key = keyOf(holder); key && !hasItems(holder) && run.from >= key->end()) {
        RolePiece p = fieldPiece(run, run.from, run.to);
        p.description = QStringLiteral("The value of the entry “%1”, after its key, as the serializer writes it.")
                            .arg(holder.name);
        out.push_back(p);
        return true;
    }
    return false;
}

} // namespace rpcscope::spanroles
