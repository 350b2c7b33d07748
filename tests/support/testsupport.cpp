#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

namespace rpcscope::test {

QString dataPath(const QString& relative)
{
    const QString path = QStringLiteral(RPCSCOPE_TESTDATA_DIR "/") + relative;
    if (!QFileInfo::exists(path))
        QTest::qFail(qPrintable(QStringLiteral("fixture missing: %1").arg(path)), __FILE__, __LINE__);
    return path;
}

QByteArray readData(const QString& relative)
{
    QFile f(dataPath(relative));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

ProcessResult runProcess(const QString& program, const QStringList& args, const QByteArray& input, int timeoutMs)
{
    ProcessResult r;
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    return r;
}

ProcessResult runPython(const QString& script, const QStringList& args, const QByteArray& input, int timeoutMs)
{
    return runProcess(pythonPath(), QStringList {QStringLiteral("-c"), script} + args, input, timeoutMs);
}

ProcessResult runCli(const QStringList& args, const QByteArray& input, int timeoutMs)
{
    return runProcess(cliPath(), args, input, timeoutMs);
}

quint16 freeTcpPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QString pythonPath()
{
    return QStringLiteral(RPCSCOPE_PYTHON);
}

QString cliPath()
{
    return QStringLiteral(RPCSCOPE_CLI);
}

QString guiPath()
{
    return QStringLiteral(RPCSCOPE_GUI);
}

namespace {
QString existing(const char* path)
{
    const QString p = QString::fromLocal8Bit(path);
    return !p.isEmpty() && !p.endsWith(QLatin1String("NOTFOUND")) && QFileInfo::exists(p) ? p : QString();
}
} // namespace

QString tsharkPath()
{
    return existing(RPCSCOPE_TSHARK);
}

QString javaPath()
{
    return existing(RPCSCOPE_JAVA);
}

QString javacPath()
{
    return existing(RPCSCOPE_JAVAC);
}

QString pyro5PeersPath()
{
    const QString peers = QDir::cleanPath(QStringLiteral(RPCSCOPE_TESTDATA_DIR "/../../../shared/peers"));
    return QFileInfo::exists(peers + QStringLiteral("/Pyro5/__init__.py")) ? peers : QString();
}

QString withPyro5(const QString& script)
{
    QString path = pyro5PeersPath();
    path.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QStringLiteral("import sys; sys.path.insert(0, '%1')\n").arg(path) + script;
}

} // namespace rpcscope::test
