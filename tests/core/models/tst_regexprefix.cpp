// The literal prefix of anchored expressions that lets filters refuse a text without running the expression.
#include "models/regexprefix.h"

#include <QRegularExpression>
#include <QTest>

using namespace rpcscope;

class TestRegexPrefix : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prefix_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("prefix");
        QTest::addRow("plain") << "^get_"
                               << "get_";
        QTest::addRow("whole name") << "^missing_0$"
                                    << "missing_0";
        QTest::addRow("escaped punctuation") << "^\\[90,"
                                             << "[90,";
        QTest::addRow("escaped dot") << "^a\\.b"
                                     << "a.b";
        QTest::addRow("not anchored") << "get_"
                                      << "";
        QTest::addRow("anchor later") << "a^b"
                                      << "";
        QTest::addRow("alternation lifts the anchor") << "^abc|def"
                                                      << "";
        QTest::addRow("alternation in a group") << "^ab(c|d)"
                                                << "";
        QTest::addRow("optional character") << "^ab?c"
                                            << "a";
        QTest::addRow("repeated character") << "^ab*"
                                            << "a";
        QTest::addRow("one or more") << "^ab+"
                                     << "a";
        QTest::addRow("counted") << "^ab{2}"
                                 << "a";
        QTest::addRow("optional escaped") << "^a\\.?"
                                          << "a";
        QTest::addRow("any character") << "^a.b"
                                       << "a";
        QTest::addRow("class") << "^a[bc]"
                               << "a";
        QTest::addRow("group") << "^a(bc)"
                               << "a";
        QTest::addRow("digit class") << "^a\\d"
                                     << "a";
        QTest::addRow("hex code") << "^a\\x41"
                                  << "a";
        QTest::addRow("quoting") << "^\\Qa.b\\E"
                                 << "";
        QTest::addRow("inline option") << "^(?-i)abc"
                                       << "";
        QTest::addRow("non-ASCII") << "^a\u00e9b"
                                   << "a";
        QTest::addRow("blank and hash are literal") << "^a b#c"
                                                    << "a b#c";
        QTest::addRow("trailing backslash") << "^ab\\"
                                            << "ab";
    }

    void prefix()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, prefix);
        QCOMPARE(anchoredLiteralPrefix(pattern), prefix);
    }

    void neverRefusesAMatch_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::addRow("same case") << "^get_"
                                   << "get_fortune" << true;
        QTest::addRow("other case") << "^get_"
                                    << "GET_fortune" << true;
        QTest::addRow("other name") << "^get_"
                                    << "add" << false;
        QTest::addRow("too short") << "^missing_0$"
                                   << "miss" << false;
        QTest::addRow("empty text") << "^a"
                                    << "" << false;
        QTest::addRow("arguments") << "^\\[90,"
                                   << "[90, 4]" << true;
        QTest::addRow("other arguments") << "^\\[90,"
                                         << "[3, 4]" << false;
        QTest::addRow("kelvin sign folds to k") << "^key"
                                                << "\u212Aey" << true;
        QTest::addRow("long s folds to s") << "^set"
                                           << "\u017Fet" << true;
        QTest::addRow("surrogate pair") << "^a"
                                        << "\U0001F600a" << false;
        QTest::addRow("optional character absent") << "^ab?c"
                                                   << "ac" << true;
        QTest::addRow("alternation") << "^abc|def"
                                     << "xdef" << true;
    }

    void neverRefusesAMatch()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        const QRegularExpression regex(pattern, QRegularExpression::CaseInsensitiveOption);
        QVERIFY(regex.isValid());
        QCOMPARE(regex.match(text).hasMatch(), matches);
        const bool may = mayMatchAnchoredPrefix(text, anchoredLiteralPrefix(pattern));
        // The prefix may let through what the expression refuses, never the other way round.
        QVERIFY(may || !matches);
        QCOMPARE(may && regex.match(text).hasMatch(), matches);
    }
};

QTEST_GUILESS_MAIN(TestRegexPrefix)
#include "tst_regexprefix.moc"
