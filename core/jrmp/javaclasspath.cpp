#include "javaclasspath.h"

#include "jarreader.h"
#include "javaclassfile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

namespace rpcscope {

namespace {

const QString kRemote = QStringLiteral("java.rmi.Remote");

struct ClassInfo
{
    JavaClassFile file;
    /// Where it came from, for messages: "build/classes/example/Greeting.class", "app.jar!example/Greeting.class".
    QString origin;
};

class Collector
{
public:
    Status addFolder(const QString& folder);
    Status addJar(const QString& path);
    Result<JavaClasspath::Loaded> finish(const QStringList& entries);

private:
    Status addClass(QByteArrayView bytes, const QString& origin);
    bool isRemote(const QString& interfaceName, QSet<QString>& visiting);
    void addMethodsOf(const QString& interfaceName, std::vector<JavaMethod>& out, QSet<QString>& done);
    QStringList remoteInterfacesOf(const QString& className, int depth);

    QHash<QString, ClassInfo> m_classes;
    QHash<QString, bool> m_remote;
    int m_files = 0;
};

Status Collector::addClass(QByteArrayView bytes, const QString& origin)
{
    if (++m_files > JavaClasspath::kMaxFiles)
        return Error {QStringLiteral("more than %1 class files on the classpath").arg(JavaClasspath::kMaxFiles)};
    Result<JavaClassFile> parsed = JavaClassFile::parse(bytes);
    if (!parsed)
        return Error {QStringLiteral("%1: %2").arg(origin, parsed.error())};
    // module-info has no class name; the same class twice (multi-release jars, a class in two entries): the first.
    const QString name = parsed->name;
    if (!name.isEmpty() && !m_classes.contains(name))
        m_classes.insert(name, ClassInfo {std::move(*parsed), origin});
    return Done {};
}

Status Collector::addFolder(const QString& folder)
{
    const QString root = QDir(folder).absolutePath();
    const int rootDepth = root.count(QLatin1Char('/'));
    QDirIterator it(root, {QStringLiteral("*.class")}, QDir::Files | QDir::NoSymLinks | QDir::Readable,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.count(QLatin1Char('/')) - rootDepth > JavaClasspath::kMaxFolderDepth)
            return Error {QStringLiteral("%1: folders nest deeper than %2 levels below %3")
                              .arg(path)
                              .arg(JavaClasspath::kMaxFolderDepth)
                              .arg(folder)};
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error {QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
        if (file.size() > JavaClassFile::kMaxBytes)
            return Error {QStringLiteral("%1: %2 bytes, more than the %3 bytes a class file may have here")
                              .arg(path)
                              .arg(file.size())
                              .arg(JavaClassFile::kMaxBytes)};
        if (Status added = addClass(file.readAll(), path); !added)
            return added;
    }
    return Done {};
}

Status Collector::addJar(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    if (file.size() > JarReader::kMaxArchiveBytes)
        return Error {QStringLiteral("%1: %2 bytes, more than the %3 bytes of a jar read here")
                          .arg(path)
                          .arg(file.size())
                          .arg(JarReader::kMaxArchiveBytes)};
    // Mapped, not read: a large jar costs address space, and only its class entries are touched.
    const uchar* mapped = file.size() > 0 ? file.map(0, file.size()) : nullptr;
    QByteArray copy;
    QByteArrayView bytes;
    if (mapped) {
        bytes = QByteArrayView(reinterpret_cast<const char*>(mapped), file.size());
    } else {
        copy = file.readAll();
        bytes = copy;
    }
    Result<JarReader> jar = JarReader::open(bytes);
    if (!jar)
        return Error {QStringLiteral("%1: %2").arg(path, jar.error())};
    for (std::size_t i = 0; i < jar->entries().size(); ++i) {
        const JarReader::Entry& entry = jar->entries()[i];
        if (entry.isDirectory() || !entry.name.endsWith(QLatin1String(".class")))
            continue;
        Result<QByteArray> data = jar->read(i, JavaClassFile::kMaxBytes);
        if (!data)
            return Error {QStringLiteral("%1: %2").arg(path, data.error())};
        if (Status added = addClass(*data, QStringLiteral("%1!%2").arg(path, entry.name)); !added)
            return added;
    }
    return Done {};
}

bool Collector::isRemote(const QString& interfaceName, QSet<QString>& visiting)
{
    if (interfaceName == kRemote)
        return true;
    if (const auto known = m_remote.constFind(interfaceName); known != m_remote.cend())
        return *known;
    const auto info = m_classes.constFind(interfaceName);
    if (info == m_classes.cend() || !info->file.isInterface() || visiting.contains(interfaceName))
        return false;
    visiting.insert(interfaceName);
    bool remote = false;
    for (const QString& super : info->file.interfaces)
        remote = remote || isRemote(super, visiting);
    visiting.remove(interfaceName);
    m_remote.insert(interfaceName, remote);
    return remote;
}

void Collector::addMethodsOf(const QString& interfaceName, std::vector<JavaMethod>& out, QSet<QString>& done)
{
    const auto info = m_classes.constFind(interfaceName);
    if (info == m_classes.cend() || done.contains(interfaceName))
        return;
    done.insert(interfaceName);
    for (const JavaClassFile::Method& m : info->file.methods) {
        // Static and private interface methods (Java 8, 9) and the class initialiser are not remote methods.
        if (m.accessFlags & (JavaClassFile::kAccStatic | JavaClassFile::kAccPrivate))
            continue;
        Result<JavaMethod> method = JavaMethodTable::fromDescriptor(interfaceName, m.name, m.descriptor);
        if (method)
            out.push_back(std::move(*method));
    }
    // Methods a remote interface inherits are its remote methods too, whoever declares them.
    for (const QString& super : info->file.interfaces)
        addMethodsOf(super, out, done);
}

QStringList Collector::remoteInterfacesOf(const QString& className, int depth)
{
    const auto info = m_classes.constFind(className);
    if (info == m_classes.cend() || depth > 64)
        return {};
    QStringList out;
    for (const QString& i : info->file.interfaces) {
        QSet<QString> visiting;
        if (i != kRemote && isRemote(i, visiting) && !out.contains(i))
            out << i;
    }
    if (!info->file.superName.isEmpty()) {
        for (const QString& i : remoteInterfacesOf(info->file.superName, depth + 1)) {
            if (!out.contains(i))
                out << i;
        }
    }
    return out;
}

Result<JavaClasspath::Loaded> Collector::finish(const QStringList& entries)
{
    std::vector<JavaMethod> methods;
    QHash<QString, QStringList> classInterfaces;
    QStringList names = m_classes.keys();
    names.sort(); // the same table whatever order the files were listed in
    int remoteInterfaces = 0;
    QSet<QString> done;
    for (const QString& name : names) {
        const JavaClassFile& cf = m_classes.value(name).file;
        QSet<QString> visiting;
        if (cf.isInterface()) {
            if (isRemote(name, visiting)) {
                ++remoteInterfaces;
                addMethodsOf(name, methods, done);
            }
            continue;
        }
        const QStringList remote = remoteInterfacesOf(name, 0);
        if (!remote.isEmpty())
            classInterfaces.insert(name, remote);
    }
    JavaClasspath::Loaded loaded;
    loaded.classes = static_cast<int>(m_classes.size());
    loaded.remoteInterfaces = remoteInterfaces;
    loaded.methods = JavaMethodTable::fromMethods(std::move(methods), std::move(classInterfaces));
    loaded.summary = QStringLiteral("%1 classes, %2 remote interfaces, %3 remote methods from %4")
                         .arg(loaded.classes)
                         .arg(remoteInterfaces)
                         .arg(loaded.methods->methods().size())
                         .arg(entries.join(QDir::listSeparator()));
    return loaded;
}

} // namespace

QStringList JavaClasspath::split(const QString& classpath)
{
    return classpath.split(QDir::listSeparator(), Qt::SkipEmptyParts);
}

Result<JavaClasspath::Loaded> JavaClasspath::load(const QStringList& entries)
{
    Collector collector;
    for (const QString& entry : entries) {
        const QFileInfo info(entry);
        if (!info.exists())
            return Error {QStringLiteral("%1: no such file or folder").arg(entry)};
        const Status added = info.isDir() ? collector.addFolder(entry) : collector.addJar(entry);
        if (!added)
            return Error {added.error()};
    }
    return collector.finish(entries);
}

} // namespace rpcscope
