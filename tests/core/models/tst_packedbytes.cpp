// Stored message bytes packed into shared blocks: every message reads back exactly, small ones share a block, large
// ones get their own, and the bytes outlive the packer that made them.
#include "models/packedbytes.h"

#include <QTest>

#include <vector>

using namespace rpcscope;

class TestPackedBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messagesReadBackExactly()
    {
        BytePacker packer;
        std::vector<QByteArray> inputs;
        std::vector<PackedBytes> packed;
        // Enough to fill more than one block, in sizes that do not divide it evenly.
        for (int i = 0; packed.size() < 4000; ++i) {
            inputs.push_back(QByteArray(1 + (i * 7919) % 1500, char('a' + i % 26)) + QByteArray::number(i));
            packed.push_back(packer.pack(inputs.back()));
        }
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            QCOMPARE(packed[i].size(), inputs[i].size());
            QCOMPARE(packed[i].view(), QByteArrayView(inputs[i]));
        }
        QCOMPARE(packed[10].toByteArray(), inputs[10]);
    }

    void smallMessagesShareABlock()
    {
        BytePacker packer;
        const PackedBytes a = packer.pack("<int>3</int>");
        const PackedBytes b = packer.pack("<int>4</int>");
        // Consecutive in one block: no allocation per message.
        QCOMPARE(b.view().data(), a.view().data() + a.size());
    }

    void largeMessageGetsItsOwnBlock()
    {
        BytePacker packer;
        const PackedBytes before = packer.pack("before");
        const QByteArray big(BytePacker::kBlockSize + 17, 'x');
        const PackedBytes large = packer.pack(big);
        const PackedBytes after = packer.pack("after");
        QCOMPARE(large.view(), QByteArrayView(big));
        // The block the small messages fill goes on after the large one.
        QCOMPARE(after.view().data(), before.view().data() + before.size());
    }

    void emptyMessageIsEmpty()
    {
        BytePacker packer;
        const PackedBytes empty = packer.pack(QByteArrayView());
        QVERIFY(empty.isEmpty());
        QCOMPARE(empty.toByteArray(), QByteArray());
        QVERIFY(PackedBytes().view().isEmpty());
    }

    void bytesOutliveTheirPacker()
    {
        PackedBytes kept;
        {
            BytePacker packer;
            packer.pack("first");
            kept = packer.pack("methodName");
        }
        QCOMPARE(kept.view(), QByteArrayView("methodName"));
        const PackedBytes copy = kept;
        kept = PackedBytes();
        QCOMPARE(copy.view(), QByteArrayView("methodName"));
    }
};

QTEST_GUILESS_MAIN(TestPackedBytes)
#include "tst_packedbytes.moc"
