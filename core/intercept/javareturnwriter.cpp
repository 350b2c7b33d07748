#include "javareturnwriter.h"

#include "jrmp/modifiedutf8.h"

#include <QRandomGenerator>
#include <QStringList>
#include <QtEndian>

namespace rpcscope {

namespace {

// Java Object Serialization (spec §6.4.2).
constexpr char kTcNull = '\x70';
constexpr char kTcClassDesc = '\x72';
constexpr char kTcObject = '\x73';
constexpr char kTcString = '\x74';
constexpr char kTcEndBlockData = '\x78';
constexpr char kTcBlockData = '\x77';
constexpr char kScWriteMethod = '\x01';
constexpr char kScSerializable = '\x02';

// JRMP (TransportConstants).
constexpr char kReturn = '\x51';
constexpr char kNormalReturn = '\x01';
constexpr char kExceptionalReturn = '\x02';

struct KnownClass
{
    const char* name;
    qint64 serialVersionUid;
    const char* superclass; // null for Throwable
    const char* objectField = nullptr; // one object field of this class (RemoteException.detail), or none
    const char* objectFieldType = nullptr;
};

// `serialver <class>` on JDK 17; these values are part of each class's serialized form and never change.
constexpr KnownClass kClasses[] = {
    {"java.lang.Throwable", -3042686055658047285LL, nullptr},
    {"java.lang.Exception", -3387516993124229948LL, "java.lang.Throwable"},
    {"java.lang.Error", 4980196508277280342LL, "java.lang.Throwable"},
    {"java.lang.RuntimeException", -7034897190745766939LL, "java.lang.Exception"},
    {"java.lang.IllegalArgumentException", -5365630128856068164LL, "java.lang.RuntimeException"},
    {"java.lang.IllegalStateException", -1848914673093119416LL, "java.lang.RuntimeException"},
    {"java.lang.UnsupportedOperationException", -1242599979055084673LL, "java.lang.RuntimeException"},
    {"java.lang.ArithmeticException", 2256477558314496007LL, "java.lang.RuntimeException"},
    {"java.lang.NullPointerException", 5162710183389028792LL, "java.lang.RuntimeException"},
    {"java.lang.IndexOutOfBoundsException", 234122996006267687LL, "java.lang.RuntimeException"},
    {"java.lang.SecurityException", 6878364983674394167LL, "java.lang.RuntimeException"},
    {"java.lang.ClassCastException", -9223365651070458532LL, "java.lang.RuntimeException"},
    {"java.lang.NumberFormatException", -2848938806368998894LL, "java.lang.IllegalArgumentException"},
    {"java.lang.InterruptedException", 6700697376100628473LL, "java.lang.Exception"},
    {"java.util.NoSuchElementException", 6769829250639411880LL, "java.lang.RuntimeException"},
    {"java.util.ConcurrentModificationException", -3666751008965953603LL, "java.lang.RuntimeException"},
    {"java.util.concurrent.TimeoutException", 1900926677490660714LL, "java.lang.Exception"},
    {"java.io.IOException", 7818375828146090155LL, "java.lang.Exception"},
    {"java.rmi.RemoteException", -5148567311918794206LL, "java.io.IOException", "detail", "Ljava/lang/Throwable;"},
    {"java.rmi.ServerException", -4775845313121906682LL, "java.rmi.RemoteException"},
    {"java.rmi.AccessException", 6314925228044966088LL, "java.rmi.RemoteException"},
};

const KnownClass* find(const QString& name)
{
    for (const KnownClass& c : kClasses) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

template<typename T>
void putBig(QByteArray& out, T v)
{
    char b[sizeof(T)];
    qToBigEndian<T>(v, b);
    out.append(b, sizeof(T));
}

void putUtf(QByteArray& out, QStringView text)
{
    const QByteArray bytes = modifiedutf8::encode(text);
    putBig<quint16>(out, quint16(bytes.size()));
    out += bytes;
}

void putString(QByteArray& out, QStringView text)
{
    const QByteArray bytes = modifiedutf8::encode(text);
    if (bytes.size() > 0xFFFF) {
        out += '\x7c'; // TC_LONGSTRING
        putBig<qint64>(out, bytes.size());
    } else {
        out += kTcString;
        putBig<quint16>(out, quint16(bytes.size()));
    }
    out += bytes;
}

void putField(QByteArray& out, char typeCode, const char* name, const char* type)
{
    out += typeCode;
    putUtf(out, QString::fromLatin1(name));
    putString(out, QString::fromLatin1(type));
}

// The class descriptor of `c` and its superclasses. RMI's MarshalOutputStream annotates every class with its
// codebase: null here, as for the JDK's own classes.
void putClassDesc(QByteArray& out, const KnownClass& c)
{
    out += kTcClassDesc;
    putUtf(out, QString::fromLatin1(c.name));
    putBig<qint64>(out, c.serialVersionUid);
    if (!c.superclass) {
        // Throwable: writeObject, and its four fields, objects sorted by name.
        out += char(kScWriteMethod | kScSerializable);
        putBig<quint16>(out, 4);
        putField(out, 'L', "cause", "Ljava/lang/Throwable;");
        putField(out, 'L', "detailMessage", "Ljava/lang/String;");
        putField(out, '[', "stackTrace", "[Ljava/lang/StackTraceElement;");
        putField(out, 'L', "suppressedExceptions", "Ljava/util/List;");
    } else {
        out += kScSerializable;
        putBig<quint16>(out, c.objectField ? 1 : 0);
        if (c.objectField)
            putField(out, 'L', c.objectField, c.objectFieldType);
    }
    out += kTcNull; // class annotation: no codebase
    out += kTcEndBlockData;
    if (c.superclass)
        putClassDesc(out, *find(QLatin1String(c.superclass)));
    else
        out += kTcNull;
}

QByteArray returnHeader(char returnType)
{
    QByteArray out;
    out += kReturn;
    out += QByteArray::fromHex("ACED0005");
    out += kTcBlockData;
    out += char(15);
    out += returnType;
    // The UID a client acknowledges with DGCAck when the value holds remote references: any fresh one.
    QRandomGenerator* random = QRandomGenerator::global();
    putBig<qint32>(out, qint32(random->generate()));
    putBig<qint64>(out, qint64(random->generate64() >> 1));
    putBig<qint16>(out, qint16(random->bounded(1 << 15)));
    return out;
}

} // namespace

QString JavaReturnWriter::knownException(const QString& className)
{
    if (find(className))
        return className;
    if (className.contains(QLatin1Char('.')))
        return {};
    for (const char* package : {"java.lang.", "java.io.", "java.rmi.", "java.util.", "java.util.concurrent."}) {
        const QString full = QLatin1String(package) + className;
        if (find(full))
            return full;
    }
    return {};
}

QStringList JavaReturnWriter::knownExceptions()
{
    QStringList names;
    for (const KnownClass& c : kClasses)
        names << QLatin1String(c.name);
    return names;
}

Result<QByteArray> JavaReturnWriter::exceptionReturn(const QString& className, const QString& message)
{
    const QString name = knownException(className);
    if (name.isEmpty())
        return Error {QStringLiteral("a Java RMI exception return needs a class whose serialized form is known; "
                                     "%1 is not one of %2")
                          .arg(className, knownExceptions().join(QStringLiteral(", ")))};
    const KnownClass* c = find(name);
    QByteArray out = returnHeader(kExceptionalReturn);
    out += kTcObject;
    putClassDesc(out, *c);
    // Class data, superclass first: Throwable's fields, then the end of its writeObject data.
    out += kTcNull; // cause
    putString(out, message); // detailMessage
    out += kTcNull; // stackTrace: read back as an empty stack trace
    out += kTcNull; // suppressedExceptions
    out += kTcEndBlockData;
    for (const KnownClass* k = c; k && k->superclass; k = find(QLatin1String(k->superclass))) {
        if (k->objectField)
            out += kTcNull; // RemoteException.detail
    }
    return out;
}

Result<QByteArray> JavaReturnWriter::valueReturn(const RpcValue& value)
{
    if (!value.isNil() && !value.isString())
        return Error {QStringLiteral("a Java RMI reply can be a string or null: for %1 the return type (a primitive "
                                     "in the block, or an object) is not on the wire")
                          .arg(value.toDisplayString(40))};
    QByteArray out = returnHeader(kNormalReturn);
    if (value.isNil())
        out += kTcNull;
    else
        putString(out, value.toString());
    return out;
}

} // namespace rpcscope
