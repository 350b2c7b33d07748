#pragma once
// Test helper: `rpcscope-cli decode` output read back as JSON objects, one per line, failing the test on a line
// that is not a JSON object.

#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>

namespace rpcscope::test {

/// Parses jsonl; an empty list (and a test failure) when a line is not a JSON object.
inline QList<QJsonObject> parseJsonLines(const QByteArray& out)
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            QTest::qFail(qPrintable(QStringLiteral("not a JSON object (%1): %2")
                                        .arg(error.errorString(), QString::fromUtf8(line.left(200)))),
                         __FILE__, __LINE__);
            return {};
        }
        lines << doc.object();
    }
    return lines;
}

/// Runs `rpcscope-cli decode ARGS --format jsonl` and returns the calls; fails the test when the CLI does not
/// exit with 0 or says anything on standard error.
inline QList<QJsonObject> decodeJsonl(QStringList args, bool allowWarnings = false)
{
    args.prepend(QStringLiteral("decode"));
    args << QStringLiteral("--format") << QStringLiteral("jsonl");
    const ProcessResult r = runCli(args);
    if (r.exitCode != 0 || r.crashed || r.timedOut || (!allowWarnings && !r.err.isEmpty())) {
        QTest::qFail(qPrintable(QStringLiteral("rpcscope-cli %1: exit %2%3: %4")
                                    .arg(args.join(QLatin1Char(' ')))
                                    .arg(r.exitCode)
                                    .arg(r.crashed ? QStringLiteral(" (crashed)") : QString())
                                    .arg(QString::fromLocal8Bit(r.err))),
                     __FILE__, __LINE__);
        return {};
    }
    return parseJsonLines(r.out);
}

} // namespace rpcscope::test
