// Stored message bytes in a spill: every message reads back exactly, whether it sits in the spill file or in the
// chunk still being filled, across chunk boundaries, and after its packer is gone. A file-backed spill holds at
// most one chunk in memory however much is packed; a memory-backed one (the fallback) holds it all.
#include "models/packedbytes.h"

#include <QTest>

#include <vector>

using namespace rpcscope;

class TestPackedBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messagesReadBackExactly_data()
    {
        QTest::addColumn<int>("backing");
        QTest::addRow("file") << int(ByteSpill::Backing::File);
        QTest::addRow("memory") << int(ByteSpill::Backing::Memory);
    }

    void messagesReadBackExactly()
    {
        QFETCH(int, backing);
        BytePacker packer {ByteSpill::Backing(backing)};
        std::vector<QByteArray> inputs;
        std::vector<PackedBytes> packed;
        // Enough to fill several chunks, in sizes that do not divide them evenly (so messages straddle chunks),
        // and one message larger than a chunk.
        for (int i = 0; packed.size() < 4000; ++i) {
            inputs.push_back(QByteArray(1 + (i * 7919) % 1500, char('a' + i % 26)) + QByteArray::number(i));
            if (i == 1000)
                inputs.back() = QByteArray(ByteSpill::kChunkSize * 2 + 17, 'x') + "end";
            packed.push_back(packer.pack(inputs.back()));
        }
        QByteArray buffer;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            QCOMPARE(packed[i].size(), inputs[i].size());
            QCOMPARE(packed[i].toByteArray(), inputs[i]);
            QVERIFY(packed[i].readInto(buffer).ok());
            QCOMPARE(buffer, inputs[i]);
        }
        // Backwards too: every read misses the stretch read ahead before it.
        for (std::size_t i = inputs.size(); i-- > 0;)
            QCOMPARE(packed[i].toByteArray(), inputs[i]);
        QCOMPARE(packed[10].inMemory(), backing == int(ByteSpill::Backing::Memory));
    }

    void fileSpillKeepsOneChunkInMemory_data()
    {
        QTest::addColumn<int>("backing");
        QTest::addColumn<bool>("bounded");
        QTest::addRow("file") << int(ByteSpill::Backing::File) << true;
        QTest::addRow("memory") << int(ByteSpill::Backing::Memory) << false;
    }

    void fileSpillKeepsOneChunkInMemory()
    {
        QFETCH(int, backing);
        QFETCH(bool, bounded);
        ByteSpill spill {ByteSpill::Backing(backing)};
        const QByteArray message(1000, 'm');
        quint64 last = 0;
        for (int i = 0; i < 20000; ++i) // about 19 MiB
            last = spill.append(message);
        QCOMPARE(last, quint64(19999) * 1000);
        QByteArray back(1000, Qt::Uninitialized);
        QVERIFY(spill.read(last, back.size(), back.data()).ok());
        QCOMPARE(back, message);
        QVERIFY(spill.read(5000 * 1000, back.size(), back.data()).ok()); // from the file, read ahead
        QCOMPARE(back, message);
        if (bounded) {
            QVERIFY2(spill.memoryBytes() <= ByteSpill::kChunkSize + ByteSpill::kReadAhead,
                     qPrintable(QString::number(spill.memoryBytes())));
        } else {
            QVERIFY(spill.memoryBytes() >= 20000 * 1000);
        }
    }

    void consecutiveMessagesAreConsecutiveInTheSpill()
    {
        BytePacker packer;
        const PackedBytes a = packer.pack("<int>3</int>");
        const PackedBytes b = packer.pack("<int>4</int>");
        QVERIFY(!a.isSameRangeAs(b));
        QVERIFY(a.isSameRangeAs(PackedBytes(a)));
        QCOMPARE(a.toByteArray() + b.toByteArray(), QByteArray("<int>3</int><int>4</int>"));
    }

    void emptyMessageIsEmpty()
    {
        BytePacker packer;
        const PackedBytes empty = packer.pack(QByteArrayView());
        QVERIFY(empty.isEmpty());
        QCOMPARE(empty.toByteArray(), QByteArray());
        QVERIFY(PackedBytes().read().ok());
        QVERIFY(PackedBytes().toByteArray().isEmpty());
    }

    void bytesOutliveTheirPacker()
    {
        PackedBytes kept;
        {
            BytePacker packer;
            packer.pack("first");
            kept = packer.pack("methodName");
        }
        QCOMPARE(kept.toByteArray(), QByteArray("methodName"));
        const PackedBytes copy = kept;
        kept = PackedBytes();
        QCOMPARE(copy.toByteArray(), QByteArray("methodName"));
    }
};

QTEST_GUILESS_MAIN(TestPackedBytes)
#include "tst_packedbytes.moc"
