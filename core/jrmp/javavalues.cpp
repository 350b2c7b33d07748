#include "javavalues.h"

#include "javablockreader.h"
#include "javatype.h"
#include "rmiobjid.h"
#include "rmiremoteref.h"

#include <QDateTime>

#include <algorithm>

namespace rpcscope {

namespace {

enum class Shape { List, Map };

// Collections whose writeObject writes their elements (or key/value pairs) as objects in the annotation of
// `dataClass`, after `skip` leading objects that are not elements (a TreeSet's comparator).
struct CollectionRule
{
    const char* cls;
    const char* dataClass;
    Shape shape;
    int skip;
};

const CollectionRule kCollections[] = {
    {"java.util.ArrayList", "java.util.ArrayList", Shape::List, 0},
    {"java.util.LinkedList", "java.util.LinkedList", Shape::List, 0},
    {"java.util.ArrayDeque", "java.util.ArrayDeque", Shape::List, 0},
    {"java.util.HashSet", "java.util.HashSet", Shape::List, 0},
    {"java.util.LinkedHashSet", "java.util.HashSet", Shape::List, 0},
    {"java.util.TreeSet", "java.util.TreeSet", Shape::List, 1},
    {"java.util.PriorityQueue", "java.util.PriorityQueue", Shape::List, 0},
    {"java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArrayList", Shape::List, 0},
    {"java.util.HashMap", "java.util.HashMap", Shape::Map, 0},
    {"java.util.LinkedHashMap", "java.util.HashMap", Shape::Map, 0},
    {"java.util.TreeMap", "java.util.TreeMap", Shape::Map, 0},
    {"java.util.Hashtable", "java.util.Hashtable", Shape::Map, 0},
    {"java.util.Properties", "java.util.Hashtable", Shape::Map, 0},
    {"java.util.IdentityHashMap", "java.util.IdentityHashMap", Shape::Map, 0},
    {"java.util.EnumMap", "java.util.EnumMap", Shape::Map, 0},
    {"java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap", Shape::Map, 0},
};

const char* const kBoxes[] = {"java.lang.Integer", "java.lang.Long",  "java.lang.Short",   "java.lang.Byte",
                              "java.lang.Double",  "java.lang.Float", "java.lang.Boolean", "java.lang.Character"};

QString simpleName(const QString& cls)
{
    const qsizetype dot = cls.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? cls : cls.mid(dot + 1);
}

// Decimal digits of an unsigned big-endian magnitude (schoolbook division by 10^9).
QString decimalDigits(QByteArrayView magnitude)
{
    while (!magnitude.isEmpty() && magnitude.front() == 0)
        magnitude = magnitude.sliced(1);
    if (magnitude.isEmpty())
        return QStringLiteral("0");
    // Quadratic in the length: beyond a few thousand digits nobody reads them anyway.
    if (magnitude.size() > 4096)
        return QStringLiteral("<%1-byte integer>").arg(magnitude.size());
    const qsizetype pad = (4 - magnitude.size() % 4) % 4;
    QByteArray bytes(pad, '\0');
    bytes.append(magnitude);
    std::vector<quint32> words; // base 2^32, most significant first
    for (qsizetype i = 0; i < bytes.size(); i += 4)
        words.push_back((quint32(quint8(bytes[i])) << 24) | (quint32(quint8(bytes[i + 1])) << 16)
                        | (quint32(quint8(bytes[i + 2])) << 8) | quint32(quint8(bytes[i + 3])));
    QString digits;
    while (!words.empty()) {
        quint64 rem = 0;
        for (quint32& word : words) {
            const quint64 cur = (rem << 32) | word;
            word = static_cast<quint32>(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (!words.empty() && words.front() == 0)
            words.erase(words.begin());
        const QString chunk = QString::number(rem);
        digits.prepend(words.empty() ? chunk : QString(9 - chunk.size(), QLatin1Char('0')) + chunk);
    }
    return digits;
}

} // namespace

JavaValueConverter::JavaValueConverter(const JavaStream& stream, QByteArrayView bytes, const DecodeLimits& limits)
    : m_s(stream)
    , m_bytes(bytes)
    , m_maxDepth(std::max(1, limits.maxDepth))
    // Expanding shared references can multiply a stream's size; a few values per node is plenty for real data.
    , m_budget(std::min<qint64>(limits.maxValues, 4 * qint64(stream.nodes.size()) + 10000))
{ }

QByteArrayView JavaValueConverter::slice(qint64 offset, qint64 length) const
{
    if (offset < 0 || length < 0 || offset + length > m_bytes.size())
        return {};
    return m_bytes.sliced(offset, length);
}

RpcValue JavaValueConverter::value(int id)
{
    m_active.clear();
    return convert(id, 0);
}

RpcValue JavaValueConverter::values(const std::vector<int>& ids)
{
    RpcArray out;
    for (int id : ids)
        out.push_back(value(id));
    return RpcValue::fromArray(std::move(out));
}

RpcValue JavaValueConverter::refMarker(int id) const
{
    RpcStruct s;
    s.emplace_back(QStringLiteral("ref"), RpcValue::fromString(JavaStream::handleText(m_s.node(id).handle)));
    s.emplace_back(QStringLiteral("class"), RpcValue::fromString(m_s.classOf(id)));
    return RpcValue::fromStruct(std::move(s), QStringLiteral("reference"));
}

RpcValue JavaValueConverter::convert(int id, int depth)
{
    if (!m_s.valid(id))
        return {};
    if (--m_budget < 0) {
        m_exhausted = true;
        return {};
    }
    const JavaNode& n = m_s.node(id);
    switch (n.kind) {
    case JavaKind::Null:
    case JavaKind::Reset:
        return {};
    case JavaKind::Reference: {
        const int target = n.target;
        if (!m_s.valid(target))
            return {};
        const bool loops = std::find(m_active.begin(), m_active.end(), target) != m_active.end();
        if (loops || depth >= m_maxDepth || m_budget < 0)
            return refMarker(target);
        return convert(target, depth + 1);
    }
    case JavaKind::String:
        return RpcValue::fromString(n.text);
    case JavaKind::Primitive:
        return n.incomplete ? RpcValue() : javatype::primitiveValue(n.code, slice(n.offset, n.length));
    case JavaKind::Enum: {
        RpcValue v = RpcValue::fromString(n.text);
        v.setTag(m_s.className(n.desc));
        return v;
    }
    case JavaKind::Class:
        return RpcValue::fromString(QStringLiteral("class ") + javatype::sourceName(m_s.className(n.desc)));
    case JavaKind::ClassDesc:
    case JavaKind::ProxyClassDesc:
        return RpcValue::fromString(QStringLiteral("class descriptor ") + m_s.className(id));
    case JavaKind::BlockData:
        return RpcValue::fromBytes(slice(n.dataOffset, n.dataLength).toByteArray());
    case JavaKind::Exception: {
        RpcStruct s;
        s.emplace_back(QStringLiteral("exception"),
                       n.children.empty() ? RpcValue() : convert(n.children[0], depth + 1));
        return RpcValue::fromStruct(std::move(s), QStringLiteral("TC_EXCEPTION"));
    }
    case JavaKind::Array: {
        if (javatype::isPrimitiveCode(n.code))
            return primitiveArray(n);
        m_active.push_back(id);
        RpcArray items;
        items.reserve(n.children.size());
        for (int child : n.children)
            items.push_back(convert(child, depth + 1));
        m_active.pop_back();
        return RpcValue::fromArray(std::move(items), javatype::sourceName(m_s.className(n.desc)));
    }
    case JavaKind::Object: {
        m_active.push_back(id);
        RpcValue v = object(id, depth);
        m_active.pop_back();
        return v;
    }
    }
    return {};
}

RpcValue JavaValueConverter::primitiveArray(const JavaNode& n)
{
    const int size = javatype::primitiveSize(n.code);
    const qint64 count = n.incomplete ? 0 : n.size;
    const QByteArrayView data = slice(n.dataOffset, count * size);
    if (n.code == 'B')
        return RpcValue::fromBytes(data.toByteArray());
    if (n.code == 'C') {
        QString text;
        text.reserve(count);
        for (qint64 i = 0; i + 1 < data.size(); i += 2)
            text
                += QChar(static_cast<char16_t>((static_cast<quint8>(data[i]) << 8) | static_cast<quint8>(data[i + 1])));
        return RpcValue::fromString(text);
    }
    RpcArray items;
    const qint64 shown = std::min<qint64>(data.size() / size, std::max<qint64>(m_budget, 0));
    m_budget -= shown;
    if (shown < data.size() / size)
        m_exhausted = true;
    items.reserve(static_cast<std::size_t>(shown));
    for (qint64 i = 0; i < shown; ++i)
        items.push_back(javatype::primitiveValue(n.code, data.sliced(i * size, size)));
    return RpcValue::fromArray(std::move(items), javatype::sourceName(m_s.className(n.desc)));
}

RpcValue JavaValueConverter::object(int id, int depth)
{
    const QString cls = m_s.className(m_s.node(id).desc);
    RpcValue out;
    if (known(id, cls, depth, out))
        return out;
    return generic(id, depth);
}

RpcValue JavaValueConverter::annotationObjects(const std::vector<int>& annotation, int skip, int depth, bool pairs,
                                               const QString& tag)
{
    std::vector<int> objects;
    for (int c : annotation) {
        const JavaKind k = m_s.node(c).kind;
        if (k != JavaKind::BlockData && k != JavaKind::Reset)
            objects.push_back(c);
    }
    if (skip > 0)
        objects.erase(objects.begin(), objects.begin() + std::min<std::size_t>(skip, objects.size()));
    if (!pairs) {
        RpcArray items;
        for (int o : objects)
            items.push_back(convert(o, depth + 1));
        return RpcValue::fromArray(std::move(items), tag);
    }
    RpcStruct members;
    for (std::size_t i = 0; i + 1 < objects.size(); i += 2) {
        if (m_s.node(objects[i]).kind == JavaKind::Null)
            continue; // ConcurrentHashMap ends its pairs with null, null
        const RpcValue key = convert(objects[i], depth + 1);
        members.emplace_back(key.isString() ? key.toString() : key.toDisplayString(200),
                             convert(objects[i + 1], depth + 1));
    }
    return RpcValue::fromStruct(std::move(members), tag);
}

bool JavaValueConverter::known(int id, const QString& cls, int depth, RpcValue& out)
{
    for (const char* box : kBoxes) {
        if (cls == QLatin1String(box)) {
            out = convert(m_s.fieldValue(id, cls, QStringLiteral("value")), depth + 1);
            return true;
        }
    }
    for (const CollectionRule& rule : kCollections) {
        if (cls != QLatin1String(rule.cls))
            continue;
        const JavaClassData* data = m_s.classDataOf(id, QString::fromLatin1(rule.dataClass));
        if (!data)
            return false;
        out = annotationObjects(data->annotation, rule.skip, depth, rule.shape == Shape::Map, cls);
        return true;
    }
    if (const JavaClassData* ro = rmiremoteref::remoteObjectData(m_s, id)) {
        const RmiRemoteRef ref = rmiremoteref::read(m_s, *ro, m_bytes);
        RpcStruct s;
        s.emplace_back(QStringLiteral("class"), RpcValue::fromString(cls));
        const int desc = m_s.node(id).desc;
        if (m_s.valid(desc) && m_s.node(desc).kind == JavaKind::ProxyClassDesc) {
            RpcArray names;
            for (const QString& i : m_s.descInfo(desc).interfaces)
                names.push_back(RpcValue::fromString(i));
            s.emplace_back(QStringLiteral("interfaces"), RpcValue::fromArray(std::move(names)));
        }
        s.emplace_back(QStringLiteral("ref"), RpcValue::fromString(ref.refClass));
        if (ref.complete) {
            s.emplace_back(QStringLiteral("endpoint"), RpcValue::fromString(ref.endpoint()));
            s.emplace_back(QStringLiteral("objID"), RpcValue::fromString(ref.objId.toString()));
        }
        if (ref.socketFactory >= 0)
            s.emplace_back(QStringLiteral("socketFactory"), convert(ref.socketFactory, depth + 1));
        out = RpcValue::fromStruct(std::move(s), cls);
        return true;
    }
    if (cls == QLatin1String("java.util.Vector")) {
        const int data = m_s.fieldValue(id, cls, QStringLiteral("elementData"));
        const int countNode = m_s.fieldValue(id, cls, QStringLiteral("elementCount"));
        qint64 count = -1;
        if (m_s.valid(countNode) && m_s.node(countNode).kind == JavaKind::Primitive) {
            const JavaNode& c = m_s.node(countNode);
            count = javatype::primitiveValue(c.code, slice(c.offset, c.length)).toInt();
        }
        RpcArray items;
        if (m_s.valid(data) && m_s.node(data).kind == JavaKind::Array) {
            const std::vector<int>& elements = m_s.node(data).children;
            for (std::size_t i = 0; i < elements.size() && (count < 0 || qint64(i) < count); ++i)
                items.push_back(convert(elements[i], depth + 1));
        }
        out = RpcValue::fromArray(std::move(items), cls);
        return true;
    }
    if (cls == QLatin1String("java.util.CollSer")) {
        // List.of / Set.of / Map.of serialize through this proxy: `tag` says which, the elements follow.
        const JavaClassData* data = m_s.classDataOf(id, cls);
        const int tagNode = m_s.fieldValue(id, cls, QStringLiteral("tag"));
        if (!data || !m_s.valid(tagNode) || m_s.node(tagNode).kind != JavaKind::Primitive)
            return false;
        const JavaNode& t = m_s.node(tagNode);
        const qint64 tag = javatype::primitiveValue(t.code, slice(t.offset, t.length)).toInt() & 0xFF;
        out = annotationObjects(data->annotation, 0, depth, tag == 3, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.Arrays$ArrayList")) {
        out = convert(m_s.fieldValue(id, cls, QStringLiteral("a")), depth + 1);
        return true;
    }
    if (cls.startsWith(QLatin1String("java.util.Collections$Unmodifiable"))
        || cls.startsWith(QLatin1String("java.util.Collections$Synchronized"))
        || cls.startsWith(QLatin1String("java.util.Collections$Checked"))) {
        int inner = m_s.fieldValue(id, {}, QStringLiteral("c"));
        if (inner < 0)
            inner = m_s.fieldValue(id, {}, QStringLiteral("m"));
        if (inner < 0)
            return false;
        out = convert(inner, depth + 1);
        return true;
    }
    if (cls == QLatin1String("java.util.concurrent.CopyOnWriteArraySet")) {
        out = convert(m_s.fieldValue(id, cls, QStringLiteral("al")), depth + 1);
        return true;
    }
    if (cls == QLatin1String("java.util.Collections$SingletonList")
        || cls == QLatin1String("java.util.Collections$SingletonSet")) {
        out = RpcValue::fromArray({convert(m_s.fieldValue(id, cls, QStringLiteral("element")), depth + 1)}, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.Collections$EmptyList")
        || cls == QLatin1String("java.util.Collections$EmptySet")) {
        out = RpcValue::fromArray({}, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.Collections$EmptyMap")) {
        out = RpcValue::fromStruct({}, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.Date")) {
        const JavaClassData* data = m_s.classDataOf(id, cls);
        if (!data)
            return false;
        JavaBlockReader r(m_s, data->annotation, m_bytes);
        qint64 ms = 0;
        if (!r.i64(ms))
            return false;
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms).toUTC();
        out = RpcValue::fromDateTime(RpcDateTime {t.toString(Qt::ISODateWithMs), ms});
        out.setTag(cls);
        return true;
    }
    if (cls == QLatin1String("java.math.BigInteger")) {
        const int signum = m_s.fieldValue(id, cls, QStringLiteral("signum"));
        const int magnitude = m_s.fieldValue(id, cls, QStringLiteral("magnitude"));
        if (!m_s.valid(signum) || !m_s.valid(magnitude) || m_s.node(magnitude).kind != JavaKind::Array
            || m_s.node(magnitude).code != 'B' || m_s.node(magnitude).incomplete)
            return false;
        const JavaNode& sig = m_s.node(signum);
        const qint64 sign = javatype::primitiveValue(sig.code, slice(sig.offset, sig.length)).toInt();
        const JavaNode& mag = m_s.node(magnitude);
        const QString digits = decimalDigits(slice(mag.dataOffset, mag.size));
        const QString text = (sign < 0 && digits != QLatin1String("0") ? QStringLiteral("-") : QString()) + digits;
        bool fits = false;
        const qint64 small = text.toLongLong(&fits);
        out = fits ? RpcValue::fromInt(small) : RpcValue::fromBigInt(text);
        out.setTag(cls);
        return true;
    }
    if (cls == QLatin1String("java.math.BigDecimal")) {
        const int intVal = m_s.fieldValue(id, cls, QStringLiteral("intVal"));
        const int scaleNode = m_s.fieldValue(id, cls, QStringLiteral("scale"));
        if (!m_s.valid(intVal) || !m_s.valid(scaleNode) || m_s.node(scaleNode).kind != JavaKind::Primitive)
            return false;
        const RpcValue unscaled = convert(intVal, depth + 1);
        QString digits = unscaled.type() == RpcValue::Type::BigInt ? unscaled.toBigInt().digits
                                                                   : QString::number(unscaled.toInt());
        const JavaNode& sc = m_s.node(scaleNode);
        const qint64 scale = javatype::primitiveValue(sc.code, slice(sc.offset, sc.length)).toInt();
        const bool negative = digits.startsWith(QLatin1Char('-'));
        if (negative)
            digits.remove(0, 1);
        if (scale > 0 && scale < 10000) {
            if (digits.size() <= scale)
                digits = QString(scale - digits.size() + 1, QLatin1Char('0')) + digits;
            digits.insert(digits.size() - scale, QLatin1Char('.'));
        } else if (scale != 0) {
            digits += QStringLiteral("E%1").arg(-scale);
        }
        out = RpcValue::fromString((negative ? QStringLiteral("-") : QString()) + digits);
        out.setTag(cls);
        return true;
    }
    if (cls == QLatin1String("java.rmi.server.UID") || cls == QLatin1String("java.rmi.server.ObjID")) {
        auto number = [&](int object, const QString& owner, const QString& field) -> qint64 {
            const int v = m_s.fieldValue(object, owner, QStringView(field));
            if (!m_s.valid(v) || m_s.node(v).kind != JavaKind::Primitive)
                return 0;
            const JavaNode& p = m_s.node(v);
            return javatype::primitiveValue(p.code, slice(p.offset, p.length)).toInt();
        };
        const QString uidClass = QStringLiteral("java.rmi.server.UID");
        const bool isObjId = cls == QLatin1String("java.rmi.server.ObjID");
        const int uid = isObjId ? m_s.fieldValue(id, cls, QStringLiteral("space")) : id;
        RmiObjId objId;
        objId.objNum = isObjId ? number(id, cls, QStringLiteral("objNum")) : 0;
        objId.uid.unique = static_cast<qint32>(number(uid, uidClass, QStringLiteral("unique")));
        objId.uid.time = number(uid, uidClass, QStringLiteral("time"));
        objId.uid.count = static_cast<qint16>(number(uid, uidClass, QStringLiteral("count")));
        out = RpcValue::fromString(isObjId ? objId.toString() : objId.uid.toString());
        out.setTag(cls);
        return true;
    }
    return false;
}

RpcValue JavaValueConverter::generic(int id, int depth)
{
    const JavaNode& n = m_s.node(id);
    RpcStruct fields;
    RpcArray custom;
    for (const JavaClassData& cd : n.classData) {
        if (!m_s.isDesc(cd.desc))
            continue;
        const std::vector<JavaFieldDesc>& descs = m_s.descInfo(cd.desc).fields;
        const QString owner = m_s.className(cd.desc);
        for (std::size_t i = 0; i < cd.values.size() && i < descs.size(); ++i) {
            QString name = descs[i].name;
            const bool hidden
                = std::any_of(fields.begin(), fields.end(), [&](const RpcMember& m) { return m.first == name; });
            if (hidden)
                name = simpleName(owner) + QLatin1Char('.') + name;
            fields.emplace_back(name, convert(cd.values[i], depth + 1));
        }
        // Consecutive block records are one byte stream: show them as one bytes value.
        bool lastWasBlock = false;
        for (int c : cd.annotation) {
            const JavaNode& a = m_s.node(c);
            if (a.kind == JavaKind::BlockData) {
                const QByteArrayView data = slice(a.dataOffset, a.dataLength);
                if (lastWasBlock)
                    custom.back() = RpcValue::fromBytes(custom.back().toBytes() + data.toByteArray());
                else
                    custom.push_back(RpcValue::fromBytes(data.toByteArray()));
                lastWasBlock = true;
                continue;
            }
            lastWasBlock = a.kind == JavaKind::Reset && lastWasBlock;
            if (a.kind != JavaKind::Reset)
                custom.push_back(convert(c, depth + 1));
        }
        if (cd.opaque)
            custom.push_back(RpcValue::fromString(QStringLiteral("<externalizable data of protocol version 1>")));
    }
    RpcStruct s;
    const QString cls = m_s.className(n.desc);
    s.emplace_back(QStringLiteral("class"), RpcValue::fromString(cls));
    s.emplace_back(QStringLiteral("fields"), RpcValue::fromStruct(std::move(fields)));
    if (!custom.empty())
        s.emplace_back(QStringLiteral("writeObject"), RpcValue::fromArray(std::move(custom)));
    return RpcValue::fromStruct(std::move(s), cls);
}

} // namespace rpcscope
