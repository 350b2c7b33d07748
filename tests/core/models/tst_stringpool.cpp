// StringPool: one id per distinct text, however the texts handed to it share (or do not share) their characters.
#include "models/stringpool.h"

#include <QTest>

using namespace rpcscope;

class TestStringPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsFollowTheText_data()
    {
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<QList<quint32>>("ids");
        QTest::addRow("distinct") << QStringList {"add", "sub", "127.0.0.1:80"} << QList<quint32> {1, 2, 3};
        QTest::addRow("repeated") << QStringList {"add", "sub", "add", "add", "sub"} << QList<quint32> {1, 2, 1, 1, 2};
        QTest::addRow("empty is 0") << QStringList {"", "add", ""} << QList<quint32> {0, 1, 0};
    }

    // The same texts as separate copies, and as copies sharing their characters, get the same ids.
    void idsFollowTheText()
    {
        QFETCH(QStringList, texts);
        QFETCH(QList<quint32>, ids);
        StringPool copies;
        StringPool shared;
        QStringList kept;
        for (qsizetype i = 0; i < texts.size(); ++i) {
            // A deep copy each time: other characters at another address.
            QCOMPARE(copies.intern(QString(texts[i].constData(), texts[i].size())), ids[i]);
            QCOMPARE(shared.intern(texts[i]), ids[i]);
            kept << texts[i];
        }
        for (qsizetype i = 0; i < texts.size(); ++i)
            QCOMPARE(copies.at(ids[i]), texts[i]);
    }

    // A text changed after it was interned is a new text (it no longer shares the interned characters).
    void changedTextIsAnotherText()
    {
        StringPool pool;
        QString text = QStringLiteral("method").toUpper();
        QCOMPARE(pool.intern(text), 1u);
        text[0] = QLatin1Char('X');
        QCOMPARE(pool.intern(text), 2u);
        QCOMPARE(pool.at(1), QStringLiteral("METHOD"));
        QCOMPARE(pool.at(2), QStringLiteral("XETHOD"));
    }

    // Characters the pool does not hold a reference to (QString::fromRawData over a buffer) may change at the same
    // address: the pool goes by what they say.
    void rawDataIsReadEveryTime()
    {
        StringPool pool;
        QChar buffer[3] = {u'a', u'd', u'd'};
        QCOMPARE(pool.intern(QString::fromRawData(buffer, 3)), 1u);
        buffer[0] = u's';
        buffer[1] = u'u';
        buffer[2] = u'b';
        QCOMPARE(pool.intern(QString::fromRawData(buffer, 3)), 2u);
        QCOMPARE(pool.at(1), QStringLiteral("add"));
        QCOMPARE(pool.at(2), QStringLiteral("sub"));
    }

    // Characters freed and their address given to another text: found by what they say, not where they were.
    void reusedAddressesAreNotConfused()
    {
        StringPool pool;
        QStringList names;
        for (int i = 0; i < 2000; ++i) {
            // Made and dropped one after the other, so the allocator hands out the same addresses again.
            const QString name = QStringLiteral("name-%1").arg(i % 700);
            QCOMPARE(pool.intern(name), quint32(i % 700 + 1));
            QCOMPARE(pool.at(quint32(i % 700 + 1)), name);
        }
        QCOMPARE(pool.size(), 701u);
    }

    void clearStartsOver()
    {
        StringPool pool;
        const QString add = QStringLiteral("add").toLower();
        QCOMPARE(pool.intern(add), 1u);
        QCOMPARE(pool.intern(QStringLiteral("sub")), 2u);
        pool.clear();
        QCOMPARE(pool.size(), 1u);
        QCOMPARE(pool.intern(QStringLiteral("sub")), 1u);
        QCOMPARE(pool.intern(add), 2u);
    }
};

QTEST_GUILESS_MAIN(TestStringPool)
#include "tst_stringpool.moc"
