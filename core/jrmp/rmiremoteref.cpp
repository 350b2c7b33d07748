#include "rmiremoteref.h"

#include "javablockreader.h"

namespace rpcscope::rmiremoteref {

namespace {
const QString kRemoteObject = QStringLiteral("java.rmi.server.RemoteObject");

QString hex64(qint64 v)
{
    return QStringLiteral("0x%1").arg(static_cast<quint64>(v), 16, 16, QLatin1Char('0'));
}
} // namespace

const JavaClassData* remoteObjectData(const JavaStream& stream, int object)
{
    if (const JavaClassData* data = stream.classDataOf(object, kRemoteObject))
        return data;
    // A JDK 1.5+ stub is a dynamic proxy whose handler (java.lang.reflect.Proxy.h) is a
    // RemoteObjectInvocationHandler, itself a RemoteObject.
    const int handler = stream.fieldValue(object, QStringLiteral("java.lang.reflect.Proxy"), QStringLiteral("h"));
    if (handler >= 0 && handler != stream.resolve(object))
        return stream.classDataOf(handler, kRemoteObject);
    return nullptr;
}

RmiRemoteRef read(const JavaStream& stream, const JavaClassData& data, QByteArrayView bytes)
{
    RmiRemoteRef ref;
    JavaBlockReader r(stream, data.annotation, bytes);
    JavaBlockReader::Range range;
    auto add = [&](const QString& name, const QString& type, const QString& value, const QString& description,
                   int node = -1) {
        ref.fields.push_back({name, type, value, description, range.offset, range.length, node});
    };
    auto tooShort = [&](const QString& what) {
        ref.problem = QStringLiteral("the remote reference data ends before its %1").arg(what);
        return ref;
    };

    if (!r.utf(ref.refClass, &range))
        return tooShort(QStringLiteral("ref class name"));
    add(QStringLiteral("refClass"), QStringLiteral("utf"), QLatin1Char('"') + ref.refClass + QLatin1Char('"'),
        QStringLiteral("Class of the remote reference (in package sun.rmi.server); it decides the layout of what "
                       "follows."));
    if (ref.refClass.isEmpty()) {
        // RemoteObject writes an empty name and then the ref itself as an object.
        const int object = r.nextObject();
        if (object >= 0) {
            range = {stream.node(object).offset, stream.node(object).length};
            add(QStringLiteral("ref"), QStringLiteral("object"), stream.classOf(object),
                QStringLiteral("The remote reference, serialized as an ordinary object."), object);
        }
        ref.problem = QStringLiteral("the stub's reference is a serialized %1, not a UnicastRef")
                          .arg(object >= 0 ? stream.classOf(object) : QStringLiteral("object"));
        return ref;
    }
    const bool newFormat = ref.refClass == QLatin1String("UnicastRef2");
    if (!newFormat && ref.refClass != QLatin1String("UnicastRef")) {
        ref.problem = QStringLiteral("remote reference class %1 is not one RpcScope reads").arg(ref.refClass);
        return ref;
    }
    if (newFormat) {
        quint8 format = 0;
        if (!r.u8(format, &range))
            return tooShort(QStringLiteral("endpoint format"));
        ref.endpointFormat = format;
        add(QStringLiteral("endpointFormat"), QStringLiteral("u8"),
            format == 0       ? QStringLiteral("0 (host, port)")
                : format == 1 ? QStringLiteral("1 (host, port, client socket factory)")
                              : QString::number(format),
            QStringLiteral("TCPEndpoint format: whether a client socket factory object follows the port."));
        if (format > 1) {
            ref.problem = QStringLiteral("unknown endpoint format %1").arg(format);
            return ref;
        }
    }
    if (!r.utf(ref.host, &range))
        return tooShort(QStringLiteral("host"));
    ref.endpointOffset = range.offset;
    ref.endpointLength = range.length;
    add(QStringLiteral("host"), QStringLiteral("utf"), QLatin1Char('"') + ref.host + QLatin1Char('"'),
        QStringLiteral("Host the remote object is exported on: the client connects here to call it."));
    if (!r.i32(ref.port, &range))
        return tooShort(QStringLiteral("port"));
    ref.endpointLength = range.offset + range.length - ref.endpointOffset;
    add(QStringLiteral("port"), QStringLiteral("int"), QString::number(ref.port),
        QStringLiteral("TCP port the remote object listens on."));
    if (ref.endpointFormat == 1) {
        ref.socketFactory = r.nextObject();
        if (ref.socketFactory >= 0) {
            const JavaNode& f = stream.node(ref.socketFactory);
            range = {f.offset, f.length};
            add(QStringLiteral("socketFactory"), QStringLiteral("object"), stream.classOf(ref.socketFactory),
                QStringLiteral("The RMIClientSocketFactory the client must use to connect."), ref.socketFactory);
        }
    }
    const qint64 objIdStart = r.pos();
    qint64 objNum = 0;
    qint32 unique = 0;
    qint64 time = 0;
    qint16 count = 0;
    if (!r.i64(objNum, &range))
        return tooShort(QStringLiteral("ObjID"));
    add(QStringLiteral("objNum"), QStringLiteral("long"), hex64(objNum),
        QStringLiteral("Object number of the ObjID: which exported object in that VM."));
    if (!r.i32(unique, &range) || !r.i64(time, &range) || !r.i16(count, &range))
        return tooShort(QStringLiteral("ObjID's UID"));
    ref.objId = RmiObjId {objNum, RmiUid {unique, time, count}};
    range = {objIdStart + 8, range.offset + range.length - objIdStart - 8};
    add(QStringLiteral("uid"), QStringLiteral("UID"), ref.objId.uid.toString(),
        QStringLiteral("UID of the exporting VM's address space (unique, time, count)."));
    ref.complete = true;
    quint8 result = 0;
    if (r.u8(result, &range)) {
        ref.isResultStream = result != 0;
        add(QStringLiteral("isResultStream"), QStringLiteral("boolean"),
            ref.isResultStream ? QStringLiteral("true") : QStringLiteral("false"),
            QStringLiteral("True when the ref was written in a call's result: the receiver then sends a DgcAck."));
    }
    return ref;
}

} // namespace rpcscope::rmiremoteref
