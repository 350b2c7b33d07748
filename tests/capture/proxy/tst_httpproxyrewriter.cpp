// HTTP forward-proxy requests: absolute URIs become origin-form request lines, bodies pass untouched, requests
// that cannot be proxied are refused with a response that says why.
#include "httpproxyrewriter.h"

#include <QTest>

using namespace rpcscope;

class TestHttpProxyRewriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rewrites_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("forwarded");
        QTest::addColumn<QString>("origin");
        QTest::addColumn<int>("requests");

        QTest::addRow("post with body")
            << QByteArray("POST http://127.0.0.1:8000/RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
                          "Proxy-Connection: keep-alive\r\nContent-Length: 5\r\n\r\nhello")
            << QByteArray("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Length: 5\r\n\r\nhello")
            << QStringLiteral("127.0.0.1:8000") << 1;
        QTest::addRow("default port, no path")
            << QByteArray("GET http://example.org HTTP/1.0\r\n\r\n") << QByteArray("GET / HTTP/1.0\r\n\r\n")
            << QStringLiteral("example.org:80") << 1;
        QTest::addRow("query without path")
            << QByteArray("GET http://example.org:81?x=1 HTTP/1.1\r\n\r\n") << QByteArray("GET /?x=1 HTTP/1.1\r\n\r\n")
            << QStringLiteral("example.org:81") << 1;
        QTest::addRow("ipv6 origin") << QByteArray("GET http://[::1]:8080/a HTTP/1.1\r\n\r\n")
                                     << QByteArray("GET /a HTTP/1.1\r\n\r\n") << QStringLiteral("[::1]:8080") << 1;
        QTest::addRow("two pipelined requests")
            << QByteArray("POST http://h:1/a HTTP/1.1\r\nContent-Length: 2\r\n\r\nxyPOST http://h:1/b HTTP/1.1\r\n"
                          "Content-Length: 0\r\n\r\n")
            << QByteArray(
                   "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nxyPOST /b HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
            << QStringLiteral("h:1") << 2;
    }

    void rewrites()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, forwarded);
        QFETCH(QString, origin);
        QFETCH(int, requests);
        // Byte by byte and all at once give the same result.
        for (int step : {1, 7, int(input.size())}) {
            HttpProxyRewriter rewriter;
            QByteArray out;
            for (qsizetype i = 0; i < input.size(); i += step)
                QVERIFY(rewriter.feed(QByteArrayView(input).sliced(i, std::min<qsizetype>(step, input.size() - i)), out)
                        != HttpProxyRewriter::State::Refuse);
            QCOMPARE(out, forwarded);
            QVERIFY(rewriter.hasOrigin());
            QCOMPARE(rewriter.origin().toString(), origin);
            QCOMPARE(rewriter.requests(), requests);
        }
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QString>("reason");
        QTest::addRow("origin form") << QByteArray("POST /RPC2 HTTP/1.1\r\n\r\n") << QByteArray("400")
                                     << QStringLiteral("not an absolute http:// URI");
        QTest::addRow("connect") << QByteArray("CONNECT example.org:443 HTTP/1.1\r\n\r\n") << QByteArray("501")
                                 << QStringLiteral("CONNECT");
        QTest::addRow("chunked body") << QByteArray("POST http://h:1/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                      << QByteArray("411") << QStringLiteral("chunked");
        QTest::addRow("second origin") << QByteArray("GET http://a:1/ HTTP/1.1\r\n\r\nGET http://b:1/ HTTP/1.1\r\n\r\n")
                                       << QByteArray("502") << QStringLiteral("b:1");
        QTest::addRow("huge head") << (QByteArray("GET http://a:1/ HTTP/1.1\r\nX: ") + QByteArray(70000, 'x'))
                                   << QByteArray("431") << QStringLiteral("larger than");
        QTest::addRow("garbage") << QByteArray("\x01\x02\x03 not http\r\n\r\n") << QByteArray("400")
                                 << QStringLiteral("");
    }

    void refuses()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, status);
        QFETCH(QString, reason);
        HttpProxyRewriter rewriter;
        QByteArray out;
        QCOMPARE(rewriter.feed(input, out), HttpProxyRewriter::State::Refuse);
        QVERIFY2(rewriter.refusal().startsWith(QByteArray("HTTP/1.1 " + status + ' ')), rewriter.refusal().constData());
        QVERIFY2(rewriter.refusalReason().contains(reason), qPrintable(rewriter.refusalReason()));
        QVERIFY(rewriter.refusal().contains(rewriter.refusalReason().toUtf8()));
        // Once refused, nothing more is forwarded.
        QCOMPARE(rewriter.feed("GET http://a:1/ HTTP/1.1\r\n\r\n", out), HttpProxyRewriter::State::Refuse);
    }
};

QTEST_GUILESS_MAIN(TestHttpProxyRewriter)
#include "tst_httpproxyrewriter.moc"
