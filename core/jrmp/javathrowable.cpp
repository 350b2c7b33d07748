#include "javathrowable.h"

#include "javatype.h"

#include <vector>

namespace rpcscope::javathrowable {

namespace {
const QString kThrowable = QStringLiteral("java.lang.Throwable");
const QString kFrame = QStringLiteral("java.lang.StackTraceElement");
constexpr int kMaxCauses = 16;

QString stringField(const JavaStream& s, int object, const QString& cls, const QString& field, bool* present = nullptr)
{
    const int v = s.fieldValue(object, cls, QStringView(field));
    const bool ok = s.valid(v) && s.node(v).kind == JavaKind::String;
    if (present)
        *present = ok;
    return ok ? s.node(v).text : QString();
}

qint64 intField(const JavaStream& s, int object, const QString& field, QByteArrayView bytes, qint64 fallback)
{
    const int v = s.fieldValue(object, kFrame, QStringView(field));
    if (!s.valid(v) || s.node(v).kind != JavaKind::Primitive || s.node(v).incomplete)
        return fallback;
    const JavaNode& n = s.node(v);
    if (n.offset < 0 || n.offset + n.length > bytes.size())
        return fallback;
    return javatype::primitiveValue(n.code, bytes.sliced(n.offset, n.length)).toInt();
}

QString headline(const JavaStream& s, int object)
{
    bool hasMessage = false;
    const QString message = stringField(s, object, kThrowable, QStringLiteral("detailMessage"), &hasMessage);
    const QString cls = s.classOf(object);
    return hasMessage ? cls + QStringLiteral(": ") + message : cls;
}

void appendFrames(const JavaStream& s, int object, QByteArrayView bytes, QString& out)
{
    const int trace = s.fieldValue(object, kThrowable, QStringLiteral("stackTrace"));
    if (!s.valid(trace) || s.node(trace).kind != JavaKind::Array)
        return;
    for (int element : s.node(trace).children)
        out += QStringLiteral("\n\tat ") + stackFrame(s, element, bytes);
}

// The cause, or for a java.rmi.RemoteException whose cause was never initialised, its legacy `detail` field.
int causeOf(const JavaStream& s, int object)
{
    int cause = s.fieldValue(object, kThrowable, QStringLiteral("cause"));
    if (cause == s.resolve(object) || !s.valid(cause) || s.node(cause).kind != JavaKind::Object)
        cause = s.fieldValue(object, QStringLiteral("java.rmi.RemoteException"), QStringLiteral("detail"));
    if (cause == s.resolve(object) || !s.valid(cause) || s.node(cause).kind != JavaKind::Object)
        return -1;
    return cause;
}
} // namespace

QString stackFrame(const JavaStream& s, int element, QByteArrayView bytes)
{
    element = s.resolve(element);
    if (!s.isInstanceOf(element, kFrame))
        return QStringLiteral("?");
    const QString declaringClass = stringField(s, element, kFrame, QStringLiteral("declaringClass"));
    const QString method = stringField(s, element, kFrame, QStringLiteral("methodName"));
    bool hasFile = false;
    const QString file = stringField(s, element, kFrame, QStringLiteral("fileName"), &hasFile);
    const QString loader = stringField(s, element, kFrame, QStringLiteral("classLoaderName"));
    const QString module = stringField(s, element, kFrame, QStringLiteral("moduleName"));
    const QString version = stringField(s, element, kFrame, QStringLiteral("moduleVersion"));
    const qint64 line = intField(s, element, QStringLiteral("lineNumber"), bytes, -1);
    const qint64 format = intField(s, element, QStringLiteral("format"), bytes, 0);
    // StackTraceElement.toString(): format bit 0 drops a built-in loader's name, bit 1 a JDK module's version.
    QString prefix;
    if (!(format & 1) && !loader.isEmpty())
        prefix += loader + QLatin1Char('/');
    if (!module.isEmpty()) {
        prefix += module;
        if (!(format & 2) && !version.isEmpty())
            prefix += QLatin1Char('@') + version;
    }
    QString text = prefix.isEmpty() ? declaringClass : prefix + QLatin1Char('/') + declaringClass;
    text += QLatin1Char('.') + method + QLatin1Char('(');
    if (line == -2)
        text += QLatin1String("Native Method");
    else if (hasFile && line >= 0)
        text += file + QLatin1Char(':') + QString::number(line);
    else if (hasFile)
        text += file;
    else
        text += QLatin1String("Unknown Source");
    return text + QLatin1Char(')');
}

JavaThrowableInfo describe(const JavaStream& s, int object, QByteArrayView bytes)
{
    JavaThrowableInfo info;
    object = s.resolve(object);
    info.className = s.classOf(object);
    info.message = stringField(s, object, kThrowable, QStringLiteral("detailMessage"));
    info.stackTrace = headline(s, object);
    appendFrames(s, object, bytes, info.stackTrace);
    std::vector<int> seen {object};
    int cause = causeOf(s, object);
    while (cause >= 0 && static_cast<int>(seen.size()) <= kMaxCauses) {
        bool loop = false;
        for (int id : seen)
            loop = loop || id == cause;
        if (loop)
            break;
        seen.push_back(cause);
        info.stackTrace += QStringLiteral("\nCaused by: ") + headline(s, cause);
        appendFrames(s, cause, bytes, info.stackTrace);
        cause = causeOf(s, cause);
    }
    return info;
}

} // namespace rpcscope::javathrowable
