#include "javaoptions.h"

#include "jrmp/javaclasspath.h"

namespace rpcscope {

JavaOptions::JavaOptions()
    : m_signatures(QStringLiteral("java-signatures"),
                   QStringLiteral("Java method signatures (one per line, e.g. 'int add(int, int)') to name Java RMI "
                                  "methods and decode their arguments."),
                   QStringLiteral("file"))
    , m_classpath(QStringLiteral("java-classpath"),
                  QStringLiteral("Folders of .class files and jars, separated by ':' (repeatable): the methods of "
                                 "the remote interfaces in them name Java RMI calls and type their arguments and "
                                 "results. The JDK's own (registry, DGC, activation, JMX) are built in."),
                  QStringLiteral("dir|jar[:...]"))
{ }

Result<std::shared_ptr<const JavaMethodTable>> JavaOptions::load(const QCommandLineParser& parser,
                                                                 QString& warning) const
{
    std::shared_ptr<const JavaMethodTable> signatures;
    if (parser.isSet(m_signatures)) {
        auto table = JavaMethodTable::fromFile(parser.value(m_signatures));
        if (!table)
            return Error {table.error()};
        signatures = std::move(table).value();
    }
    QStringList entries;
    for (const QString& value : parser.values(m_classpath))
        entries << JavaClasspath::split(value);
    if (parser.isSet(m_classpath) && entries.isEmpty())
        return Error {QStringLiteral("--java-classpath names no folder or jar")};
    if (entries.isEmpty())
        return signatures;
    Result<JavaClasspath::Loaded> loaded = JavaClasspath::load(entries);
    if (!loaded)
        return Error {QStringLiteral("--java-classpath: %1").arg(loaded.error())};
    if (loaded->remoteInterfaces == 0)
        warning = QStringLiteral("--java-classpath: no remote interface (one extending java.rmi.Remote) among the "
                                 "%1 classes of %2")
                      .arg(loaded->classes)
                      .arg(entries.join(QLatin1Char(':')));
    return JavaMethodTable::merge(signatures.get(), loaded->methods.get());
}

} // namespace rpcscope
