// The hex view: highlighting a range (clamped, scrolled into view, silent), clicks and drags on hex and ASCII
// columns, keyboard navigation and selection.
#include "hexview.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;

namespace {

QByteArray sampleBytes(int n)
{
    QByteArray bytes;
    for (int i = 0; i < n; ++i)
        bytes.append(char(i % 256));
    return bytes;
}

struct Shown
{
    explicit Shown(int size)
    {
        view.setData(sampleBytes(size));
        view.resize(720, 260);
        view.show();
    }
    HexView view;
};

} // namespace

class TestHexView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void highlightRange_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("shownLength");
        QTest::addRow("inside") << qint64(20) << qint64(10) << qint64(20) << qint64(10);
        QTest::addRow("clamped at the end") << qint64(95) << qint64(20) << qint64(95) << qint64(5);
        QTest::addRow("negative offset") << qint64(-4) << qint64(3) << qint64(0) << qint64(3);
        QTest::addRow("cleared") << qint64(10) << qint64(0) << qint64(10) << qint64(0);
    }

    void highlightRange()
    {
        QFETCH(qint64, offset);
        QFETCH(qint64, length);
        QFETCH(qint64, start);
        QFETCH(qint64, shownLength);
        Shown s(100);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QSignalSpy clicked(&s.view, &HexView::byteActivated);
        QSignalSpy ranged(&s.view, &HexView::rangeSelected);
        s.view.setSelection(offset, length);
        QCOMPARE(s.view.selectionStart(), start);
        QCOMPARE(s.view.selectionLength(), shownLength);
        QCOMPARE(s.view.selectedBytes(), sampleBytes(100).mid(start, shownLength));
        // Programmatic changes are not user actions: linked views must not hear an echo.
        QCOMPARE(clicked.size(), 0);
        QCOMPARE(ranged.size(), 0);
    }

    void highlightScrollsIntoView()
    {
        Shown s(100000);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        s.view.setSelection(90000, 4);
        const QRect rect = s.view.byteRect(90000);
        QVERIFY2(s.view.viewport()->rect().contains(rect), "the highlighted bytes are on screen");
        QCOMPARE(s.view.offsetAt(rect.center()), qint64(90000));
        QCOMPARE(s.view.cursorPosition(), qint64(90000));
        // A cursor already inside the range stays where it is.
        s.view.setSelection(89990, 20);
        QCOMPARE(s.view.cursorPosition(), qint64(90000));
        // Without scrolling, the view stays put.
        const int before = s.view.verticalScrollBar()->value();
        s.view.setSelection(10, 2, false);
        QCOMPARE(s.view.verticalScrollBar()->value(), before);
    }

    void clickSelectsAByte_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<bool>("ascii");
        QTest::addRow("hex, first byte") << qint64(0) << false;
        QTest::addRow("hex, after the mid gap") << qint64(40) << false;
        QTest::addRow("hex, last column") << qint64(47) << false;
        QTest::addRow("ascii column") << qint64(37) << true;
        QTest::addRow("last byte") << qint64(99) << true;
    }

    void clickSelectsAByte()
    {
        QFETCH(qint64, offset);
        QFETCH(bool, ascii);
        Shown s(100);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QSignalSpy clicked(&s.view, &HexView::byteActivated);
        QTest::mouseClick(s.view.viewport(), Qt::LeftButton, {}, s.view.byteRect(offset, ascii).center());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked[0][0].toLongLong(), offset);
        QCOMPARE(s.view.cursorPosition(), offset);
        QCOMPARE(s.view.selectionStart(), offset);
        QCOMPARE(s.view.selectionLength(), qint64(1));
    }

    void clickOutsideTheBytes()
    {
        Shown s(20);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QSignalSpy clicked(&s.view, &HexView::byteActivated);
        const QPoint below = s.view.byteRect(19, true).center() + QPoint(0, 60);
        QCOMPARE(s.view.offsetAt(below), qint64(-1));
        QTest::mouseClick(s.view.viewport(), Qt::LeftButton, {}, below);
        QCOMPARE(clicked.size(), 0);
    }

    void dragSelectsARange()
    {
        Shown s(100);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QSignalSpy ranged(&s.view, &HexView::rangeSelected);
        QTest::mousePress(s.view.viewport(), Qt::LeftButton, {}, s.view.byteRect(10).center());
        QMouseEvent move(QEvent::MouseMove, s.view.byteRect(26).center(),
                         s.view.viewport()->mapToGlobal(s.view.byteRect(26).center()), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(s.view.viewport(), &move);
        QTest::mouseRelease(s.view.viewport(), Qt::LeftButton, {}, s.view.byteRect(26).center());
        QCOMPARE(ranged.size(), 1);
        QCOMPARE(ranged[0][0].toLongLong(), qint64(10));
        QCOMPARE(ranged[0][1].toLongLong(), qint64(17));
        QCOMPARE(s.view.selectedBytes(), sampleBytes(100).mid(10, 17));
    }

    void keyboard_data()
    {
        QTest::addColumn<QList<int>>("keys");
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<qint64>("cursor");
        QTest::addColumn<qint64>("selStart");
        QTest::addColumn<qint64>("selLength");
        using K = QList<int>;
        const int none = Qt::NoModifier;
        QTest::addRow("right") << K {Qt::Key_Right} << none << qint64(38) << qint64(38) << qint64(1);
        QTest::addRow("left") << K {Qt::Key_Left} << none << qint64(36) << qint64(36) << qint64(1);
        QTest::addRow("down a line") << K {Qt::Key_Down} << none << qint64(53) << qint64(53) << qint64(1);
        QTest::addRow("up a line") << K {Qt::Key_Up} << none << qint64(21) << qint64(21) << qint64(1);
        QTest::addRow("home of line") << K {Qt::Key_Home} << none << qint64(32) << qint64(32) << qint64(1);
        QTest::addRow("end of line") << K {Qt::Key_End} << none << qint64(47) << qint64(47) << qint64(1);
        QTest::addRow("ctrl+home") << K {Qt::Key_Home} << int(Qt::ControlModifier) << qint64(0) << qint64(0)
                                   << qint64(1);
        QTest::addRow("ctrl+end") << K {Qt::Key_End} << int(Qt::ControlModifier) << qint64(99) << qint64(99)
                                  << qint64(1);
        QTest::addRow("clamped at the start")
            << K {Qt::Key_Up, Qt::Key_Up, Qt::Key_Up} << none << qint64(0) << qint64(0) << qint64(1);
        QTest::addRow("shift+right twice")
            << K {Qt::Key_Right, Qt::Key_Right} << int(Qt::ShiftModifier) << qint64(39) << qint64(37) << qint64(3);
        QTest::addRow("shift+left") << K {Qt::Key_Left} << int(Qt::ShiftModifier) << qint64(36) << qint64(36)
                                    << qint64(2);
    }

    void keyboard()
    {
        QFETCH(QList<int>, keys);
        QFETCH(int, modifiers);
        QFETCH(qint64, cursor);
        QFETCH(qint64, selStart);
        QFETCH(qint64, selLength);
        Shown s(100);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QTest::mouseClick(s.view.viewport(), Qt::LeftButton, {}, s.view.byteRect(37).center());
        QSignalSpy clicked(&s.view, &HexView::byteActivated);
        QSignalSpy ranged(&s.view, &HexView::rangeSelected);
        for (int key : keys)
            QTest::keyClick(&s.view, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
        QCOMPARE(s.view.cursorPosition(), cursor);
        QCOMPARE(s.view.selectionStart(), selStart);
        QCOMPARE(s.view.selectionLength(), selLength);
        if (modifiers & Qt::ShiftModifier) {
            QCOMPARE(ranged.size(), keys.size());
            QCOMPARE(clicked.size(), 0);
        } else {
            QCOMPARE(clicked.size(), keys.size());
            QCOMPARE(clicked.last()[0].toLongLong(), cursor);
        }
    }

    void pageDownScrolls()
    {
        Shown s(10000);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QTest::mouseClick(s.view.viewport(), Qt::LeftButton, {}, s.view.byteRect(0).center());
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(&s.view, Qt::Key_PageDown);
        QVERIFY(s.view.cursorPosition() > 16 * 20);
        QVERIFY(s.view.viewport()->rect().contains(s.view.byteRect(s.view.cursorPosition())));
    }

    void narrowViewShowsEightBytesALine()
    {
        Shown s(100);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QCOMPARE(s.view.bytesPerLine(), 16);
        s.view.resize(330, 260);
        QTRY_COMPARE(s.view.bytesPerLine(), 8);
        QVERIFY(s.view.byteRect(15).right() <= s.view.viewport()->width());
        QSignalSpy clicked(&s.view, &HexView::byteActivated);
        QTest::mouseClick(s.view.viewport(), Qt::LeftButton, {}, s.view.byteRect(13, true).center());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked[0][0].toLongLong(), qint64(13));
        QTest::keyClick(&s.view, Qt::Key_Down);
        QCOMPARE(s.view.cursorPosition(), qint64(21));
    }

    void emptyData()
    {
        Shown s(0);
        QVERIFY(QTest::qWaitForWindowExposed(&s.view));
        QSignalSpy clicked(&s.view, &HexView::byteActivated);
        QTest::keyClick(&s.view, Qt::Key_Right);
        QTest::mouseClick(s.view.viewport(), Qt::LeftButton, {}, QPoint(50, 10));
        s.view.setSelection(3, 4);
        QCOMPARE(clicked.size(), 0);
        QCOMPARE(s.view.selectionLength(), qint64(0));
    }
};

QTEST_MAIN(TestHexView)
#include "tst_hexview.moc"
