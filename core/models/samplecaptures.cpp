#include "samplecaptures.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace rpcscope::samplecaptures {

QString directory()
{
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable("RPCSCOPE_SAMPLES_DIR");
    if (!fromEnvironment.isEmpty())
        candidates << fromEnvironment;
    // Installed: <prefix>/bin/rpcscope and <prefix>/share/rpcscope/samples.
    candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/rpcscope/samples");
#ifdef RPCSCOPE_SAMPLES_SOURCE_DIR
    // Run from a build tree.
    candidates << QStringLiteral(RPCSCOPE_SAMPLES_SOURCE_DIR);
#endif
    for (const QString& c : std::as_const(candidates)) {
        if (QFileInfo(c).isDir())
            return QDir(c).canonicalPath();
    }
    return {};
}

QStringList files()
{
    const QString dir = directory();
    if (dir.isEmpty())
        return {};
    QStringList out;
    const QFileInfoList entries = QDir(dir).entryInfoList({QStringLiteral("*.pcap"), QStringLiteral("*.pcapng")},
                                                          QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& f : entries)
        out << f.absoluteFilePath();
    return out;
}

QString find(const QString& name)
{
    for (const QString& f : files()) {
        if (QFileInfo(f).fileName() == name)
            return f;
    }
    return {};
}

QString title(const QString& file)
{
    const QString base = QFileInfo(file).completeBaseName();
    const qsizetype dash = base.indexOf(QLatin1Char('-'));
    const QString protocol = dash < 0 ? base : base.left(dash);
    const QString rest = dash < 0 ? QString() : base.mid(dash + 1);
    QString name = protocol;
    if (protocol == QLatin1String("xmlrpc"))
        name = QStringLiteral("XML-RPC");
    else if (protocol == QLatin1String("pyro4"))
        name = QStringLiteral("Pyro4");
    else if (protocol == QLatin1String("jrmp"))
        name = QStringLiteral("Java RMI");
    return rest.isEmpty()
        ? name
        : QStringLiteral("%1: %2").arg(name, QString(rest).replace(QLatin1Char('-'), QLatin1Char(' ')));
}

} // namespace rpcscope::samplecaptures
