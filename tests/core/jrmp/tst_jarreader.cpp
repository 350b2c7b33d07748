// The jar reader (core/jrmp/jarreader): entries of a ZIP archive, stored and deflated, and clear errors for damaged
// and hostile archives: not a zip, cut short, a directory outside the file or with more entries than it can hold,
// ZIP64 and spanned archives, unknown compression, encryption, wrong CRCs, sizes that lie (zip bombs, absurd
// declared sizes) and entries that share one compressed block to multiply it.
#include "jrmp/jarreader.h"
#include "zipbuilder.h"

#include <QTest>

using namespace rpcscope;
using rpcscope::test::ZipBuilder;

namespace {

const qint64 kEntryLimit = 16 * 1024 * 1024;

ZipBuilder twoEntries()
{
    ZipBuilder z;
    z.entries.push_back({QStringLiteral("example/Greeting.class"), QByteArray(3000, 'g') + "end", 8});
    z.entries.push_back({QStringLiteral("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\r\n", 0});
    return z;
}

void put16(QByteArray& bytes, qsizetype at, quint16 v)
{
    qToLittleEndian(v, bytes.data() + at);
}
void put32(QByteArray& bytes, qsizetype at, quint32 v)
{
    qToLittleEndian(v, bytes.data() + at);
}

} // namespace

class TestJarReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsStoredAndDeflatedEntries();
    void findsTheDirectoryBehindAComment();
    void damagedArchive_data();
    void damagedArchive();
    void damagedEntry_data();
    void damagedEntry();
    void sharedDataCannotMultiplyTheArchive();
    void everyTruncationIsAnError();
};

void TestJarReader::readsStoredAndDeflatedEntries()
{
    ZipBuilder z = twoEntries();
    z.entries.push_back({QStringLiteral("example/"), {}, 0});
    const QByteArray bytes = z.build();
    Result<JarReader> jar = JarReader::open(bytes);
    QVERIFY2(jar.ok(), qPrintable(jar.ok() ? QString() : jar.error()));
    QCOMPARE(jar->entries().size(), std::size_t(3));
    QCOMPARE(jar->entries()[0].name, QStringLiteral("example/Greeting.class"));
    QCOMPARE(jar->entries()[0].method, quint16(8));
    QVERIFY(jar->entries()[0].compressedSize < 100); // really deflated
    QVERIFY(jar->entries()[2].isDirectory());
    const Result<QByteArray> first = jar->read(0, kEntryLimit);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error()));
    QCOMPARE(*first, z.entries[0].data);
    const Result<QByteArray> second = jar->read(1, kEntryLimit);
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error()));
    QCOMPARE(*second, z.entries[1].data);
    QCOMPARE(jar->totalRead(), qint64(z.entries[0].data.size() + z.entries[1].data.size()));
}

void TestJarReader::findsTheDirectoryBehindAComment()
{
    ZipBuilder z = twoEntries();
    // A comment that holds the end record's signature itself: only the record whose comment reaches the end counts.
    z.comment = QStringLiteral("built by hand PK\x05\x06 with a decoy");
    Result<JarReader> jar = JarReader::open(z.build());
    QVERIFY2(jar.ok(), qPrintable(jar.ok() ? QString() : jar.error()));
    QCOMPARE(jar->entries().size(), std::size_t(2));
}

void TestJarReader::damagedArchive_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    ZipBuilder z = twoEntries();
    const QByteArray good = z.build();
    const qsizetype end = z.endRecordAt;
    const qsizetype directorySize = end - z.directoryAt;

    QTest::addRow("a class file, not a jar") << QByteArrayLiteral("\xCA\xFE\xBA\xBE and the rest of a class file")
                                             << "not a jar or zip archive: no end of central directory record";
    QTest::addRow("too short") << QByteArray("PK\x03\x04", 4)
                               << "not a jar or zip archive: 4 bytes are too few to hold its directory";
    QTest::addRow("cut short") << good.first(good.size() / 2)
                               << "a damaged zip archive: its end of central directory record is missing (the file "
                                  "was cut short?)";
    QByteArray outside = good;
    put32(outside, end + 16, 0x7FFFFFF0);
    QTest::addRow("directory outside the file")
        << outside
        << QStringLiteral("the central directory (%1 bytes at offset 2147483632) does not lie before its end record at "
                          "offset %2")
               .arg(directorySize)
               .arg(end);
    QByteArray many = good;
    put16(many, end + 8, 0xFFFF);
    put16(many, end + 10, 0xFFFF);
    QTest::addRow("more entries than the directory holds")
        << many
        << QStringLiteral("the directory claims 65535 entries, more than its %1 bytes can hold").arg(directorySize);
    QByteArray header = good;
    header[z.directoryAt] = 'X';
    QTest::addRow("central header damaged")
        << header
        << QStringLiteral("directory entry 1 of 2 at offset %1 is damaged (no central file header there)")
               .arg(z.directoryAt);
    QByteArray name = good;
    put16(name, z.directoryAt + 28, 0x0FFF);
    QTest::addRow("name longer than the directory")
        << name
        << QStringLiteral("directory entry 1 of 2 at offset %1 is damaged (its name, extra field and comment run past "
                          "the directory)")
               .arg(z.directoryAt);
    QByteArray zip64 = good;
    zip64.insert(end, QByteArray("PK\x06\x07", 4) + QByteArray(16, '\0'));
    QTest::addRow("ZIP64") << zip64 << "a ZIP64 archive (over 65535 entries or 4 GiB), which is not supported";
    QByteArray spanned = good;
    put16(spanned, end + 4, 1);
    QTest::addRow("spanned") << spanned << "a multi-part (spanned) archive, which is not supported";
}

void TestJarReader::damagedArchive()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const Result<JarReader> jar = JarReader::open(bytes);
    QVERIFY(!jar.ok());
    QCOMPARE(jar.error(), error);
}

void TestJarReader::damagedEntry_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    const QString name = QStringLiteral("example/Greeting.class");
    auto one = [&](ZipBuilder::Entry e) {
        ZipBuilder z;
        e.name = name;
        z.entries.push_back(std::move(e));
        return z.build();
    };
    const QByteArray data = QByteArray(3000, 'g') + "end";

    QTest::addRow("wrong CRC") << one({{}, data, 8, 0, -1, 0x1234})
                               << QStringLiteral("%1: CRC-32 0x%2 does not match the 0x00001234 the directory records "
                                                 "(damaged)")
                                      .arg(name)
                                      .arg(crc32(0, reinterpret_cast<const Bytef*>(data.constData()),
                                                 static_cast<uInt>(data.size())),
                                           8, 16, QLatin1Char('0'));
    QTest::addRow("bzip2") << one({{}, data, 12})
                           << name
            + ": compression method 12, which is not supported (only "
              "stored and deflate)";
    QTest::addRow("encrypted") << one({{}, data, 8, 1}) << name + ": encrypted, which is not supported";
    QTest::addRow("absurd declared size")
        << one({{}, data, 8, 0, 0xFFFFFFF0})
        << name + ": declares 4294967280 bytes uncompressed, more than the 16777216 bytes allowed here";
    QTest::addRow("zip bomb: inflates past its declared size")
        << one({{}, QByteArray(4 * 1024 * 1024, '\0'), 8, 0, 1000})
        << name + ": inflates past its declared 1000 bytes (a zip bomb, or a damaged entry)";
    QTest::addRow("inflates to less than declared")
        << one({{}, data, 8, 0, data.size() + 10})
        << QStringLiteral("%1: inflates to %2 bytes, not the %3 it declares")
               .arg(name)
               .arg(data.size())
               .arg(data.size() + 10);
    QTest::addRow("stored with two sizes") << one({{}, data, 0, 0, 10})
                                           << QStringLiteral("%1: stored (not compressed) but its sizes differ: %2 and "
                                                             "10 bytes")
                                                  .arg(name)
                                                  .arg(data.size());
    QByteArray damagedData = one({{}, data, 8});
    const qsizetype dataAt = 30 + name.size();
    damagedData[dataAt] = '\xFF'; // block type 3 does not exist
    QTest::addRow("damaged deflate data")
        << damagedData << name + ": its compressed data is damaged (invalid block type)";
    QByteArray local = one({{}, data, 8});
    local[0] = 'X';
    QTest::addRow("no local header") << local << name + ": no local file header at offset 0";
    ZipBuilder z;
    z.entries.push_back({name, data, 8});
    QByteArray pastEnd = z.build();
    put32(pastEnd, z.directoryAt + 20, 0x7FFFFFFF);
    QTest::addRow("data past the end")
        << pastEnd
        << QStringLiteral("%1: its 2147483647 bytes of data at offset %2 run past the end of the archive")
               .arg(name)
               .arg(dataAt);
}

void TestJarReader::damagedEntry()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    Result<JarReader> jar = JarReader::open(bytes);
    QVERIFY2(jar.ok(), qPrintable(jar.ok() ? QString() : jar.error()));
    const Result<QByteArray> data = jar->read(0, kEntryLimit);
    QVERIFY(!data.ok());
    QCOMPARE(data.error(), error);
}

void TestJarReader::sharedDataCannotMultiplyTheArchive()
{
    // One compressed block of 4 MiB of zeros (4 KiB deflated) that many directory entries point at: each is
    // "valid", together they would inflate without end. The archive's budget (10 MiB here) stops them.
    ZipBuilder z;
    z.entries.push_back({QStringLiteral("a.class"), QByteArray(4 * 1024 * 1024, '\0'), 8});
    for (int i = 0; i < 20; ++i)
        z.entries.push_back({QStringLiteral("copy%1.class").arg(i), z.entries[0].data, 8, 0, -1, -1, 0});
    const QByteArray bytes = z.build();
    QVERIFY(bytes.size() < 64 * 1024);
    Result<JarReader> jar = JarReader::open(bytes, 10 * 1024 * 1024);
    QVERIFY2(jar.ok(), qPrintable(jar.ok() ? QString() : jar.error()));
    QVERIFY(jar->read(0, kEntryLimit).ok());
    QVERIFY(jar->read(1, kEntryLimit).ok());
    const Result<QByteArray> third = jar->read(2, kEntryLimit);
    QVERIFY(!third.ok());
    QCOMPARE(third.error(),
             QStringLiteral("copy1.class: the archive would inflate to more than 10485760 bytes in all "
                            "(entries that share their data, or a zip bomb)"));
}

void TestJarReader::everyTruncationIsAnError()
{
    const QByteArray good = twoEntries().build();
    for (qsizetype n = 0; n < good.size(); ++n) {
        const QByteArray cut = good.first(n);
        Result<JarReader> jar = JarReader::open(cut);
        if (!jar.ok())
            continue;
        // A cut that happens to leave an end record (inside the stored manifest) must still fail on reading.
        bool allRead = true;
        for (std::size_t i = 0; i < jar->entries().size(); ++i)
            allRead = allRead && jar->read(i, kEntryLimit).ok();
        QVERIFY2(!allRead || jar->entries().empty(),
                 qPrintable(QStringLiteral("an archive cut to %1 bytes was read").arg(n)));
    }
}

QTEST_GUILESS_MAIN(TestJarReader)
#include "tst_jarreader.moc"
