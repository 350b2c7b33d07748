#include "javascalars.h"

#include "javabignumbers.h"
#include "javablockreader.h"
#include "javatime.h"
#include "javatype.h"
#include "jmxvalues.h"
#include "rmiobjid.h"

namespace rpcscope::javascalars {

namespace {

const char* const kBoxes[] = {"java.lang.Integer", "java.lang.Long",  "java.lang.Short",   "java.lang.Byte",
                              "java.lang.Double",  "java.lang.Float", "java.lang.Boolean", "java.lang.Character"};

class Reader
{
public:
    Reader(const JavaStream& s, QByteArrayView bytes)
        : m_s(s)
        , m_bytes(bytes)
    { }

    QByteArrayView slice(qint64 offset, qint64 length) const
    {
        if (offset < 0 || length < 0 || offset + length > m_bytes.size())
            return {};
        return m_bytes.sliced(offset, length);
    }
    // A primitive field's value; nil if it is missing or cut short.
    RpcValue primitive(int object, const QString& cls, QStringView field) const
    {
        const int v = m_s.fieldValue(object, cls, field);
        if (!m_s.valid(v) || m_s.node(v).kind != JavaKind::Primitive || m_s.node(v).incomplete)
            return {};
        const JavaNode& n = m_s.node(v);
        return javatype::primitiveValue(n.code, slice(n.offset, n.length));
    }
    const JavaStream& s() const { return m_s; }
    QByteArrayView bytes() const { return m_bytes; }

private:
    const JavaStream& m_s;
    QByteArrayView m_bytes;
};

JavaScalar made(RpcValue v, const QString& tag, QString note = {})
{
    JavaScalar out;
    out.kind = JavaScalar::Kind::Value;
    out.value = std::move(v);
    out.value.setTag(tag);
    out.note = std::move(note);
    return out;
}

JavaScalar date(const Reader& r, int id, const QString& cls)
{
    const JavaClassData* data = r.s().classDataOf(id, cls);
    if (!data)
        return {};
    JavaBlockReader blocks(r.s(), data->annotation, r.bytes());
    qint64 ms = 0;
    if (!blocks.i64(ms))
        return {};
    qint64 year = 0;
    const QString text = javatime::isoMillis(ms, &year);
    // ISO 8601 has four-digit years; beyond them it allows an expanded form by agreement, which is worth saying.
    const QString note = year < 1 || year > 9999
        ? QStringLiteral("outside years 1–9999: %1 ms since 1970, in ISO 8601's proleptic years, where 0 is 1 BC and "
                         "years of more than four digits take a sign")
              .arg(ms)
        : QString();
    return made(RpcValue::fromDateTime(RpcDateTime {text, ms}), cls, note);
}

// The digits of a BigInteger object with its sign; OverBudget when converting them would cost more than `work`.
JavaScalar bigInteger(const Reader& r, int id, qint64& work)
{
    const QString cls = QStringLiteral("java.math.BigInteger");
    const RpcValue signum = r.primitive(id, cls, u"signum");
    const int magnitude = r.s().fieldValue(id, cls, u"magnitude");
    if (!signum.isInt() || !r.s().valid(magnitude))
        return {};
    const JavaNode& mag = r.s().node(magnitude);
    if (mag.kind != JavaKind::Array || mag.code != 'B' || mag.incomplete)
        return {};
    const qint64 cost = javabignumbers::conversionCost(mag.size);
    if (cost > work) {
        JavaScalar over;
        over.kind = JavaScalar::Kind::OverBudget;
        over.magnitudeBytes = mag.size;
        return over;
    }
    work -= cost;
    const QString digits = javabignumbers::decimalDigits(r.slice(mag.dataOffset, mag.size));
    const QString text
        = (signum.toInt() < 0 && digits != QLatin1String("0") ? QStringLiteral("-") : QString()) + digits;
    bool fits = false;
    const qint64 small = text.toLongLong(&fits);
    return made(fits ? RpcValue::fromInt(small) : RpcValue::fromBigInt(text), cls);
}

JavaScalar bigDecimal(const Reader& r, int id, const QString& cls, qint64& work)
{
    const int intVal = r.s().resolve(r.s().fieldValue(id, cls, u"intVal"));
    const RpcValue scale = r.primitive(id, cls, u"scale");
    if (!r.s().valid(intVal) || !scale.isInt() || r.s().node(intVal).kind != JavaKind::Object
        || r.s().classOf(intVal) != QLatin1String("java.math.BigInteger"))
        return {};
    const JavaScalar unscaled = bigInteger(r, intVal, work);
    if (unscaled.kind != JavaScalar::Kind::Value)
        return unscaled;
    const QString digits
        = unscaled.value.isInt() ? QString::number(unscaled.value.toInt()) : unscaled.value.toBigInt().digits;
    return made(RpcValue::fromDecimal(javabignumbers::bigDecimalText(digits, scale.toInt())), cls);
}

JavaScalar javaTime(const Reader& r, int id, const QString& cls)
{
    const JavaClassData* data = r.s().classDataOf(id, cls);
    if (!data)
        return {};
    javatime::SerData ser;
    if (data->externalOffset >= 0) {
        // Protocol version 1 (RMI): the bytes lie in the stream itself.
        ser = javatime::readSer(r.bytes(), data->externalOffset);
    } else if (data->hasAnnotation) {
        // Protocol version 2: the same bytes in block data records.
        JavaBlockReader blocks(r.s(), data->annotation, r.bytes());
        QByteArray external;
        if (!blocks.read(blocks.blockRemaining(), external))
            return {};
        ser = javatime::readSer(external, 0);
    }
    if (ser.status != javatime::SerData::Status::Ok)
        return {};
    const QString tag = ser.value.tag();
    return made(ser.value, tag, ser.error);
}

JavaScalar uidOrObjId(const Reader& r, int id, const QString& cls)
{
    const QString uidClass = QStringLiteral("java.rmi.server.UID");
    const bool isObjId = cls == QLatin1String("java.rmi.server.ObjID");
    const int uid = isObjId ? r.s().fieldValue(id, cls, u"space") : id;
    RmiObjId objId;
    objId.objNum = isObjId ? r.primitive(id, cls, u"objNum").toInt() : 0;
    objId.uid.unique = static_cast<qint32>(r.primitive(uid, uidClass, u"unique").toInt());
    objId.uid.time = r.primitive(uid, uidClass, u"time").toInt();
    objId.uid.count = static_cast<qint16>(r.primitive(uid, uidClass, u"count").toInt());
    return made(RpcValue::fromString(isObjId ? objId.toString() : objId.uid.toString()), cls);
}

JavaScalar uuid(const Reader& r, int id, const QString& cls)
{
    const RpcValue most = r.primitive(id, cls, u"mostSigBits");
    const RpcValue least = r.primitive(id, cls, u"leastSigBits");
    if (!most.isInt() || !least.isInt())
        return {};
    const QString hex = QStringLiteral("%1%2")
                            .arg(static_cast<quint64>(most.toInt()), 16, 16, QLatin1Char('0'))
                            .arg(static_cast<quint64>(least.toInt()), 16, 16, QLatin1Char('0'));
    const QString text = hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4)
        + QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20);
    return made(RpcValue::fromString(text), cls);
}

} // namespace

JavaScalar value(const JavaStream& stream, QByteArrayView bytes, int id, qint64& bigIntegerWork)
{
    if (!stream.valid(id) || stream.node(id).kind != JavaKind::Object)
        return {};
    const Reader r(stream, bytes);
    const QString cls = stream.className(stream.node(id).desc);
    for (const char* box : kBoxes) {
        if (cls == QLatin1String(box)) {
            const RpcValue v = r.primitive(id, cls, u"value");
            if (v.isNil())
                return {};
            JavaScalar out;
            out.kind = JavaScalar::Kind::Value;
            out.value = v; // keeps the "float" tag of a Float
            return out;
        }
    }
    if (cls == QLatin1String("java.util.Date"))
        return date(r, id, cls);
    if (cls == QLatin1String("java.math.BigInteger"))
        return bigInteger(r, id, bigIntegerWork);
    if (cls == QLatin1String("java.math.BigDecimal"))
        return bigDecimal(r, id, cls, bigIntegerWork);
    if (javatime::isSerClass(cls))
        return javaTime(r, id, cls);
    if (cls == QLatin1String("java.rmi.server.UID") || cls == QLatin1String("java.rmi.server.ObjID"))
        return uidOrObjId(r, id, cls);
    if (cls == QLatin1String("java.util.UUID"))
        return uuid(r, id, cls);
    if (cls == QLatin1String("javax.management.ObjectName"))
        return jmxvalues::objectName(stream, id);
    return {};
}

} // namespace rpcscope::javascalars
