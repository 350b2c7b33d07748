#include "serpentparser.h"

#include "serpentscanner.h"

#include <limits>

namespace rpcscope {

namespace {

const QString kValueDescription = QStringLiteral("A Python literal in serpent text (read as ast.literal_eval would).");

QString describe(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::String:
        return QStringLiteral("A str, written by serpent with Python's repr(): quoted, with backslash escapes.");
    case RpcValue::Type::Int:
    case RpcValue::Type::BigInt:
        return QStringLiteral("An int: Python ints have no size limit, serpent writes their decimal digits.");
    case RpcValue::Type::Double:
        return QStringLiteral("A float written with repr(); serpent writes infinity as 1e30000.");
    case RpcValue::Type::Bool:
        return QStringLiteral("A bool: the literal True or False.");
    case RpcValue::Type::Nil:
        return QStringLiteral("None: Python's null value.");
    case RpcValue::Type::Bytes:
        return QStringLiteral("Bytes: serpent has no bytes literal, so it sends {'data': <base-64 text>, "
                              "'encoding': 'base64'}.");
    case RpcValue::Type::Array:
        if (v.tag() == QLatin1String("tuple"))
            return QStringLiteral("A tuple: (a,b), (a,) with one item, () when empty.");
        if (v.tag() == QLatin1String("set"))
            return QStringLiteral("A set: {a,b}; serpent writes an empty set as ().");
        return QStringLiteral("A list: [a,b].");
    case RpcValue::Type::Struct:
        if (v.tag() == QLatin1String("complex"))
            return QStringLiteral("A complex number, written (real+imagj).");
        if (!v.tag().isEmpty())
            return QStringLiteral("A dict standing for an object of class %1 (its '__class__' key).").arg(v.tag());
        return QStringLiteral("A dict: {key:value,...}, keys in insertion order.");
    case RpcValue::Type::Map:
        return QStringLiteral("A dict with keys of other types than str (ints, tuples, ...): {key:value,...}, keys in "
                              "insertion order, each entry named by its key's repr.");
    default:
        return kValueDescription;
    }
}

class Parser
{
public:
    Parser(QByteArrayView text, qint64 base, const DecodeLimits& limits)
        : m_in(text, base, limits)
        , m_limits(limits)
    { }

    PyReadResult run(DecodeNode* tree)
    {
        PyReadResult result;
        const QByteArrayView text = m_in.text();
        if (const qsizetype nul = text.indexOf('\0'); nul >= 0) {
            m_in.fail(QStringLiteral("serpent text contains a NUL byte, which serpent refuses to parse"), nul, tree);
            m_in.finish(result);
            return result;
        }
        if (!text.isValidUtf8()) {
            m_in.fail(QStringLiteral("serpent text is not valid UTF-8"), 0, tree);
            m_in.finish(result);
            return result;
        }
        if (text.startsWith('#')) {
            qsizetype nl = text.indexOf('\n');
            if (nl < 0)
                nl = text.size();
            if (tree) {
                QByteArrayView line = text.first(nl);
                if (line.endsWith('\r'))
                    line.chop(1);
                tree->add(QStringLiteral("serpent.header"), QStringLiteral("comment"), QString::fromUtf8(line),
                          m_in.abs(0), std::min<qsizetype>(nl + 1, text.size()),
                          QStringLiteral("Serpent's first line: a comment naming the text encoding and the Python "
                                         "grammar version of what follows."));
            }
            m_in.setPos(std::min<qsizetype>(nl + 1, text.size()));
        }
        m_in.skipSpace();
        if (m_in.atEnd()) {
            m_in.fail(QStringLiteral("serpent text has no value"), m_in.pos(), tree);
        } else if (parseValue(tree, QStringLiteral("value"), result.value, 0)) {
            m_in.skipSpace();
            if (!m_in.atEnd())
                m_in.fail(QStringLiteral("unexpected text after the value"), m_in.pos(), tree);
        }
        m_in.finish(result);
        return result;
    }

private:
    char peek(qsizetype ahead = 0) const { return m_in.peek(ahead); }

    bool countValue(DecodeNode* where)
    {
        if (++m_values > m_limits.maxValues)
            return m_in.stop(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), m_in.pos(),
                             where);
        return true;
    }

    DecodeNode* open(DecodeNode* parent, const QString& name, qsizetype start)
    {
        return parent ? &parent->add(name, QString(), QString(), m_in.abs(start), 0) : nullptr;
    }

    void close(DecodeNode* node, const RpcValue& v)
    {
        if (!node)
            return;
        if (node->type == QLatin1String("cut")) {
            node->length = m_in.abs(m_in.pos()) - node->offset;
            return;
        }
        pyvalue::finishNode(*node, v, m_in.abs(m_in.pos()), describe(v));
    }

    // Reads one value; a value cut short by an error keeps its node, marked incomplete, up to where reading stopped,
    // and `out` holds what was read of it.
    bool parseValue(DecodeNode* parent, const QString& name, RpcValue& out, int depth)
    {
        const std::size_t before = parent ? parent->children.size() : 0;
        if (parseValueInner(parent, name, out, depth))
            return true;
        if (parent && parent->children.size() > before)
            pyvalue::markIncomplete(parent->children[before], m_in.abs(m_in.pos()));
        return false;
    }

    bool parseValueInner(DecodeNode* parent, const QString& name, RpcValue& out, int depth)
    {
        m_in.skipSpace();
        const qsizetype start = m_in.pos();
        DecodeNode* node = open(parent, name, start);
        if (!countValue(node))
            return false;
        const char c = peek();
        if (m_in.isNumberStart()) {
            if (!m_in.readSignedNumber(out, node))
                return false;
            close(node, out);
            return true;
        }
        if (m_in.isStringStart()) {
            if (!m_in.readStrings(out, node))
                return false;
            close(node, out);
            return true;
        }
        if (c == '(' || c == '[' || c == '{') {
            if (depth >= m_limits.maxDepth)
                return m_in.stop(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), m_in.pos(),
                                 node);
            const bool ok = c == '(' ? parseParen(out, node, depth)
                : c == '['           ? parseList(out, node, depth)
                                     : parseBrace(out, node, depth);
            if (!ok)
                return false;
            if (node && c == '(' && node->type == QLatin1String("(paren)")) {
                // A parenthesised expression, not a tuple: the node is its inner value, widened to the parentheses.
                DecodeNode inner = std::move(node->children.front());
                inner.name = node->name;
                inner.offset = node->offset;
                inner.length = m_in.abs(m_in.pos()) - node->offset;
                *node = std::move(inner);
                return true;
            }
            close(node, out);
            return true;
        }
        if (c == '.' && peek(1) == '.' && peek(2) == '.') {
            m_in.advance(3);
            out = RpcValue::fromString(QStringLiteral("Ellipsis"));
            out.setTag(QStringLiteral("ellipsis"));
            close(node, out);
            return true;
        }
        if (SerpentScanner::isIdentChar(c) && !(c >= '0' && c <= '9')) {
            const qsizetype s = m_in.pos();
            while (!m_in.atEnd() && SerpentScanner::isIdentChar(peek()))
                m_in.advance();
            const QByteArrayView word = m_in.text().sliced(s, m_in.pos() - s);
            if (word == "None") {
                out = RpcValue::nil();
            } else if (word == "True" || word == "False") {
                out = RpcValue::fromBool(word == "True");
            } else if (word == "set" && peek() == '(' && peek(1) == ')') {
                m_in.advance(2);
                out = RpcValue::fromArray({}, QStringLiteral("set"));
            } else {
                return m_in.fail(QStringLiteral("unexpected name '%1' (serpent writes only literals)")
                                     .arg(QString::fromUtf8(word.first(std::min<qsizetype>(40, word.size())))),
                                 s, node);
            }
            close(node, out);
            return true;
        }
        if (m_in.atEnd())
            return m_in.fail(QStringLiteral("serpent text ends where a value should be"), m_in.pos(), node);
        return m_in.fail(QStringLiteral("unexpected character '%1' where a value should be").arg(QChar::fromLatin1(c)),
                         m_in.pos(), node);
    }

    // '(' [value (',' value)* [',']] ')': a tuple, or a parenthesised value when there is no comma.
    bool parseParen(RpcValue& out, DecodeNode* node, int depth)
    {
        m_in.advance();
        if (node)
            node->type = QStringLiteral("tuple");
        RpcArray items;
        bool sawComma = false;
        m_in.skipSpace();
        while (peek() != ')') {
            RpcValue item;
            const bool ok = parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1);
            items.push_back(std::move(item));
            if (!ok) {
                out = RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
                return false;
            }
            m_in.skipSpace();
            if (peek() == ',') {
                sawComma = true;
                m_in.advance();
                m_in.skipSpace();
                continue;
            }
            if (peek() != ')') {
                out = RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
                return m_in.fail(QStringLiteral("expected ',' or ')' in a tuple"), m_in.pos(), node);
            }
        }
        m_in.advance();
        if (items.size() == 1 && !sawComma) {
            out = std::move(items.front());
            if (node)
                node->type = QStringLiteral("(paren)");
            return true;
        }
        out = RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
        return true;
    }

    bool parseList(RpcValue& out, DecodeNode* node, int depth)
    {
        m_in.advance();
        if (node)
            node->type = QStringLiteral("list");
        RpcArray items;
        m_in.skipSpace();
        while (peek() != ']') {
            RpcValue item;
            const bool ok = parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1);
            items.push_back(std::move(item));
            if (!ok) {
                out = RpcValue::fromArray(std::move(items));
                return false;
            }
            m_in.skipSpace();
            if (peek() == ',') {
                m_in.advance();
                m_in.skipSpace();
                continue;
            }
            if (peek() != ']') {
                out = RpcValue::fromArray(std::move(items));
                return m_in.fail(QStringLiteral("expected ',' or ']' in a list"), m_in.pos(), node);
            }
        }
        m_in.advance();
        out = RpcValue::fromArray(std::move(items));
        return true;
    }

    // Reads a dict key into its own node (kept for dicts with keys of other types than str).
    bool parseKey(DecodeNode* node, RpcValue& key, DecodeNode& keyNode, int depth)
    {
        DecodeNode scratch;
        const bool ok = parseValue(node ? &scratch : nullptr, QStringLiteral("key"), key, depth);
        if (node && !ok) {
            node->children.insert(node->children.end(), std::make_move_iterator(scratch.children.begin()),
                                  std::make_move_iterator(scratch.children.end()));
            return false;
        }
        if (node && !scratch.children.empty())
            keyNode = std::move(scratch.children.front());
        return ok;
    }

    // '{' '}' is an empty dict; '{' k ':' v, ... '}' a dict; '{' v, ... '}' a set.
    bool parseBrace(RpcValue& out, DecodeNode* node, int depth)
    {
        m_in.advance();
        if (node)
            node->type = QStringLiteral("dict");
        m_in.skipSpace();
        if (peek() == '}') {
            m_in.advance();
            out = RpcValue::fromStruct({});
            return true;
        }
        qsizetype keyStart = m_in.pos();
        RpcValue key;
        if (!parseValue(node, QStringLiteral("[0]"), key, depth + 1)) {
            out = RpcValue::fromArray({key}, QStringLiteral("set"));
            return false;
        }
        m_in.skipSpace();
        if (peek() != ':')
            return parseSetRest(std::move(key), out, node, depth);
        DecodeNode keyNode;
        if (node) {
            keyNode = std::move(node->children.back()); // the key's node goes to its member, if anywhere
            node->children.pop_back();
        }
        pyvalue::DictBuilder dict(node);
        while (true) {
            m_in.advance(); // ':'
            RpcValue value;
            const bool ok = parseValue(node, pyvalue::keyText(key), value, depth + 1);
            if (node) {
                DecodeNode& member = node->children.back();
                member.length = member.end() - m_in.abs(keyStart);
                member.offset = m_in.abs(keyStart);
            }
            if (!ok) {
                dict.add(std::move(key), std::move(value), std::move(keyNode));
                out = dict.finish();
                return false;
            }
            dict.add(std::move(key), std::move(value), std::move(keyNode));
            m_in.skipSpace();
            if (peek() == ',') {
                m_in.advance();
                m_in.skipSpace();
            } else if (peek() != '}') {
                out = dict.finish();
                return m_in.fail(QStringLiteral("expected ',' or '}' in a dict"), m_in.pos(), node);
            }
            if (peek() == '}')
                break;
            keyStart = m_in.pos();
            key = RpcValue();
            keyNode = DecodeNode();
            if (!parseKey(node, key, keyNode, depth + 1)) {
                out = dict.finish();
                return false;
            }
            m_in.skipSpace();
            if (peek() != ':') {
                out = dict.finish();
                return m_in.fail(QStringLiteral("expected ':' after a dict key"), m_in.pos(), node);
            }
        }
        m_in.advance();
        out = convertDict(dict.finish(), node);
        return true;
    }

    bool parseSetRest(RpcValue first, RpcValue& out, DecodeNode* node, int depth)
    {
        RpcArray items;
        items.push_back(std::move(first));
        auto partial = [&] { out = RpcValue::fromArray(std::move(items), QStringLiteral("set")); };
        while (true) {
            m_in.skipSpace();
            if (peek() == ',') {
                m_in.advance();
                m_in.skipSpace();
            } else if (peek() != '}') {
                partial();
                return m_in.fail(QStringLiteral("expected ',' or '}' in a set"), m_in.pos(), node);
            }
            if (peek() == '}')
                break;
            RpcValue item;
            const bool ok = parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1);
            items.push_back(std::move(item));
            if (!ok) {
                partial();
                return false;
            }
        }
        m_in.advance();
        partial();
        return true;
    }

    // Serpent's conventions for values Python literals cannot express.
    static RpcValue convertDict(RpcValue dict, DecodeNode* node)
    {
        const RpcStruct& members = dict.toStruct();
        if (!dict.isStruct() || members.size() != 2)
            return dict;
        if (members[0].first == QLatin1String("data") && members[1].first == QLatin1String("encoding")
            && members[0].second.isString() && members[1].second.toString() == QLatin1String("base64")) {
            const auto decoded = QByteArray::fromBase64Encoding(members[0].second.toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (decoded)
                return RpcValue::fromBytes(*decoded);
            if (node)
                node->description = QStringLiteral("A dict shaped like serpent's bytes, but its data is not base-64.");
        }
        if (members[0].first == QLatin1String("__class__") && members[0].second.toString() == QLatin1String("float")
            && members[1].first == QLatin1String("value") && members[1].second.toString() == QLatin1String("nan"))
            return RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN());
        return dict;
    }

    SerpentScanner m_in;
    const DecodeLimits& m_limits;
    qint64 m_values = 0;
};

} // namespace

PyReadResult SerpentParser::parse(QByteArrayView text, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Parser parser(text, base, bounded);
    return parser.run(tree);
}

} // namespace rpcscope
