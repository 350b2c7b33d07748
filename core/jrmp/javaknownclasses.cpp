// JavaValueConverter's knowledge of the JDK's collections, maps and remote stubs: which data their writeObject
// methods write and how to read it back as one array or map.
#include "javatype.h"
#include "javavalues.h"
#include "rmiremoteref.h"

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
    /// ConcurrentHashMap ends its pairs with a null key and a null value (it allows no null keys).
    bool nullPairEnds;
};

const CollectionRule kCollections[] = {
    {"java.util.ArrayList", "java.util.ArrayList", Shape::List, 0, false},
    {"java.util.LinkedList", "java.util.LinkedList", Shape::List, 0, false},
    {"java.util.ArrayDeque", "java.util.ArrayDeque", Shape::List, 0, false},
    {"java.util.HashSet", "java.util.HashSet", Shape::List, 0, false},
    {"java.util.LinkedHashSet", "java.util.HashSet", Shape::List, 0, false},
    {"java.util.TreeSet", "java.util.TreeSet", Shape::List, 1, false},
    {"java.util.PriorityQueue", "java.util.PriorityQueue", Shape::List, 0, false},
    {"java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArrayList", Shape::List, 0, false},
    {"java.util.HashMap", "java.util.HashMap", Shape::Map, 0, false},
    {"java.util.LinkedHashMap", "java.util.HashMap", Shape::Map, 0, false},
    {"java.util.TreeMap", "java.util.TreeMap", Shape::Map, 0, false},
    {"java.util.Hashtable", "java.util.Hashtable", Shape::Map, 0, false},
    {"java.util.Properties", "java.util.Hashtable", Shape::Map, 0, false},
    {"java.util.IdentityHashMap", "java.util.IdentityHashMap", Shape::Map, 0, false},
    {"java.util.EnumMap", "java.util.EnumMap", Shape::Map, 0, false},
    {"java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap", Shape::Map, 0, true},
};

} // namespace

bool JavaValueConverter::collection(int id, const QString& cls, int depth, RpcValue& out)
{
    for (const CollectionRule& rule : kCollections) {
        if (cls != QLatin1String(rule.cls))
            continue;
        const JavaClassData* data = m_s.classDataOf(id, QString::fromLatin1(rule.dataClass));
        if (!data)
            return false;
        std::vector<int> objects = annotationObjects(data->annotation, rule.skip);
        if (rule.shape == Shape::List) {
            out = listOf(objects, depth, cls);
            return true;
        }
        if (rule.nullPairEnds && objects.size() >= 2 && m_s.node(objects[objects.size() - 1]).kind == JavaKind::Null
            && m_s.node(objects[objects.size() - 2]).kind == JavaKind::Null)
            objects.resize(objects.size() - 2);
        out = mapOf(objects, depth, cls);
        return true;
    }
    return false;
}

bool JavaValueConverter::known(int id, const QString& cls, int depth, RpcValue& out)
{
    if (collection(id, cls, depth, out) || jmx(id, cls, depth, out))
        return true;
    auto intField = [&](const QString& owner, QStringView field) -> std::optional<qint64> {
        const int v = m_s.fieldValue(id, owner, field);
        if (!m_s.valid(v) || m_s.node(v).kind != JavaKind::Primitive || m_s.node(v).incomplete)
            return std::nullopt;
        const JavaNode& p = m_s.node(v);
        const RpcValue value = javatype::primitiveValue(p.code, slice(p.offset, p.length));
        return value.isInt() ? std::optional<qint64>(value.toInt()) : std::nullopt;
    };
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
    if (cls == QLatin1String("java.util.Vector") || cls == QLatin1String("java.util.Stack")) {
        const QString owner = QStringLiteral("java.util.Vector");
        const int data = m_s.resolve(m_s.fieldValue(id, owner, u"elementData"));
        const std::optional<qint64> count = intField(owner, u"elementCount");
        std::vector<int> elements;
        if (m_s.valid(data) && m_s.node(data).kind == JavaKind::Array)
            elements = m_s.node(data).children;
        if (count && *count >= 0 && qint64(elements.size()) > *count)
            elements.resize(static_cast<std::size_t>(*count));
        out = listOf(elements, depth, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.CollSer")) {
        // List.of / Set.of / Map.of serialize through this proxy: `tag` says which, the elements follow.
        const JavaClassData* data = m_s.classDataOf(id, cls);
        const std::optional<qint64> tag = intField(cls, u"tag");
        if (!data || !tag)
            return false;
        const std::vector<int> objects = annotationObjects(data->annotation, 0);
        out = (*tag & 0xFF) == 3 ? mapOf(objects, depth, cls) : listOf(objects, depth, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.EnumSet$SerializationProxy")) {
        const int elements = m_s.resolve(m_s.fieldValue(id, cls, u"elements"));
        if (!m_s.valid(elements) || m_s.node(elements).kind != JavaKind::Array)
            return false;
        out = listOf(m_s.node(elements).children, depth, QStringLiteral("java.util.EnumSet"));
        return true;
    }
    if (cls == QLatin1String("java.util.Arrays$ArrayList")) {
        out = convert(m_s.fieldNode(id, cls, u"a"), depth + 1);
        return true;
    }
    if (cls.startsWith(QLatin1String("java.util.Collections$Unmodifiable"))
        || cls.startsWith(QLatin1String("java.util.Collections$Synchronized"))
        || cls.startsWith(QLatin1String("java.util.Collections$Checked"))) {
        int inner = m_s.fieldNode(id, {}, u"c");
        if (inner < 0)
            inner = m_s.fieldNode(id, {}, u"m");
        if (inner < 0)
            return false;
        out = convert(inner, depth + 1);
        return true;
    }
    if (cls == QLatin1String("java.util.concurrent.CopyOnWriteArraySet")) {
        out = convert(m_s.fieldNode(id, cls, u"al"), depth + 1);
        return true;
    }
    if (cls == QLatin1String("java.util.Collections$SingletonList")
        || cls == QLatin1String("java.util.Collections$SingletonSet")) {
        out = listOf({m_s.fieldNode(id, cls, u"element")}, depth, cls);
        return true;
    }
    if (cls == QLatin1String("java.util.Collections$SingletonMap")) {
        out = mapOf({m_s.fieldNode(id, cls, u"k"), m_s.fieldNode(id, cls, u"v")}, depth, cls);
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
    return false;
}

} // namespace rpcscope
