#pragma once

#include "javaobjects.h"
#include "rmiobjid.h"

#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope {

/// One field of a remote reference as it lies in the block data, for trees.
struct RmiRefField
{
    QString name;
    QString type;
    QString value;
    QString description;
    qint64 offset = -1;
    qint64 length = 0;
    /// For an object written in the middle of the data (client socket factory, or the whole ref when the ref class
    /// name is empty): its node; -1 otherwise.
    int node = -1;
};

/// What java.rmi.server.RemoteObject.writeObject wrote for a stub: the ref class name, and for UnicastRef /
/// UnicastRef2 the endpoint (host, port, optional client socket factory) and ObjID of the remote object. This is
/// how a looked-up stub tells the client where the object lives.
struct RmiRemoteRef
{
    QString refClass;
    /// UnicastRef2 endpoint format byte: 0 host/port, 1 host/port + client socket factory; -1 for UnicastRef.
    int endpointFormat = -1;
    QString host;
    qint32 port = 0;
    RmiObjId objId;
    bool isResultStream = false;
    /// Client socket factory object (format 1), -1 if none.
    int socketFactory = -1;
    /// Host, port and ObjID were all read.
    bool complete = false;
    /// Why the data could not be read completely (unknown ref class, too short...); empty when complete.
    QString problem;
    /// The bytes from the host's length field to the end of the port: the endpoint as one range.
    qint64 endpointOffset = -1;
    qint64 endpointLength = 0;
    std::vector<RmiRefField> fields;

    QString endpoint() const { return QStringLiteral("%1:%2").arg(host).arg(port); }
};

namespace rmiremoteref {

/// The class data of java.rmi.server.RemoteObject behind `object`: the object's own (RemoteStub subclasses), or
/// that of the invocation handler `h` of a dynamic proxy stub. nullptr if `object` is not a remote stub.
const JavaClassData* remoteObjectData(const JavaStream& stream, int object);
/// Reads the writeObject data of RemoteObject (`data.annotation`) from `bytes`.
RmiRemoteRef read(const JavaStream& stream, const JavaClassData& data, QByteArrayView bytes);

} // namespace rmiremoteref
} // namespace rpcscope
