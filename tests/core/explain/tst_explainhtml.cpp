// The self-contained HTML page of a message and the printed tour: Python's html.parser reads them with every
// element closed, they reference nothing outside themselves, and they hold every span (in the byte dump and in the
// table) and every step.
#include "explain/callexplain.h"
#include "explain/explainhtml.h"
#include "explain/messagespans.h"
#include "explainfixtures.h"
#include "models/walkthroughsteps.h"
#include "models/walkthroughtours.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QTest>

using namespace rpcscope;

namespace {

// Parses the page with html.parser and reports what the test checks: unbalanced tags, anything that loads from
// outside the page, the spans in the dump and in the table, the steps.
const char kParse[] = R"(
import html.parser, json, re, sys
VOID = {'meta', 'br', 'img', 'hr', 'input', 'link', 'wbr', 'col', 'area', 'base', 'source'}
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.external = [], [], []
        self.dump_runs, self.rows, self.steps, self.titles, self.in_style = set(), [], 0, [], False
        self.h3 = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)
        for k in ('src', 'href', 'data', 'srcset', 'action', 'poster'):
            if k in a:
                self.external.append(f'{tag} {k}={a[k]}')
        if tag in ('link', 'img', 'iframe', 'object', 'embed', 'audio', 'video', 'base'):
            self.external.append(tag)
        if 'url(' in a.get('style', ''):
            self.external.append('style url()')
        if tag == 'span' and 'data-s' in a:
            self.dump_runs.add(int(a['data-s']))
        if tag == 'tr' and 'data-s' in a:
            self.rows.append([int(a['data-s']), int(a['data-o']), int(a['data-l'])])
        if tag == 'div' and a.get('class') == 'step':
            self.steps += 1
        self.in_style = tag == 'style'
        self.h3 = tag == 'h3'
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f'</{tag}> closes {self.stack[-1] if self.stack else "nothing"}')
        else:
            self.stack.pop()
        self.in_style = False
        self.h3 = False
    def handle_data(self, data):
        if self.in_style and ('@import' in data or 'url(' in data or '@font-face' in data):
            self.external.append('style')
        if self.h3:
            self.titles.append(data)
p = Page()
p.feed(open(sys.argv[1], encoding='utf-8').read())
p.close()
if p.stack:
    p.problems.append('unclosed: ' + ' '.join(p.stack))
print(json.dumps({'problems': p.problems, 'external': p.external, 'runs': sorted(p.dump_runs), 'rows': p.rows,
                  'steps': p.steps, 'titles': p.titles}))
)";

QJsonObject parse(const QString& html)
{
    QTemporaryFile file;
    if (!file.open())
        return {};
    file.write(html.toUtf8());
    file.flush();
    const test::ProcessResult r = test::runPython(QString::fromLatin1(kParse), {file.fileName()});
    if (r.exitCode != 0)
        qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

const Call* findCall(const std::vector<Call>& calls, const QString& method)
{
    for (const Call& c : calls) {
        if (c.method() == method)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestExplainHtml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messagePage_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("response");
        QTest::addRow("add(3, 4) request") << "sample:xmlrpc-add.pcap"
                                           << "add" << false;
        QTest::addRow("a fault") << "sample:xmlrpc-add.pcap"
                                 << "divide" << true;
        QTest::addRow("Pyro4 exception") << "sample:pyro4-greeting.pcap"
                                         << "fail" << true;
        QTest::addRow("Java RMI stub") << "sample:jrmp-hello.pcap"
                                       << "lookup" << true;
    }

    void messagePage()
    {
        QFETCH(QString, sample);
        QFETCH(QString, method);
        QFETCH(bool, response);
        const std::vector<Call> calls = test::callsWithTrees(sample);
        const Call* call = findCall(calls, method);
        QVERIFY(call);
        const Direction direction = response ? Direction::ServerToClient : Direction::ClientToServer;
        const QString html = messagePageHtml(*call, direction, QStringLiteral("Protocol"), QStringLiteral("f.pcap"));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        const QJsonObject page = parse(html);
        QVERIFY2(!page.isEmpty(), "html.parser did not run");
        QCOMPARE(page.value("problems").toArray(), QJsonArray());
        QCOMPARE(page.value("external").toArray(), QJsonArray());
        // Prints on A4.
        QVERIFY(html.contains(QLatin1String("@page { size: A4")));

        const auto& message = response ? call->response : call->request;
        const MessageExplanation e = explainMessage(*message);
        const QJsonArray rows = page.value("rows").toArray();
        QCOMPARE(rows.size(), qsizetype(e.spans.size()));
        QJsonArray runs;
        for (std::size_t k = 0; k < e.spans.size(); ++k) {
            const QJsonArray row = rows.at(qsizetype(k)).toArray();
            QCOMPARE(row.at(0).toInt(), int(k));
            QCOMPARE(row.at(1).toInteger(), e.spans[k].offset);
            QCOMPARE(row.at(2).toInteger(), e.spans[k].length);
            QVERIFY2(html.contains(e.spans[k].description.toHtmlEscaped()), qPrintable(e.spans[k].description));
            runs.append(int(k));
        }
        // Every span is drawn in the dump, where hovering finds it.
        QCOMPARE(page.value("runs").toArray(), runs);
        // The tree with the descriptions from the decoder, and the legend with the window's colours.
        QVERIFY(html.contains(message->tree.description.toHtmlEscaped()));
        QVERIFY(html.contains(QLatin1String("class=\"legend\"")));
    }

    void tourHandout()
    {
        const Tour* tour = findTour(QStringLiteral("java-rmi"));
        QVERIFY(tour);
        const std::vector<Call> all = test::callsWithTrees(QStringLiteral("sample:jrmp-hello.pcap"));
        const std::vector<int> found = tour->findCalls(all);
        std::vector<const Call*> calls;
        for (int i : found) {
            QVERIFY(i >= 0);
            calls.push_back(&all[std::size_t(i)]);
        }
        std::vector<HandoutStep> steps;
        for (const WalkthroughStep& s : tour->steps(calls)) {
            const Call* call = nullptr;
            for (const Call* c : calls)
                call = c->id == s.callId ? c : call;
            QVERIFY(call);
            const auto& m = s.direction == Direction::ClientToServer ? call->request : call->response;
            steps.push_back({s.title, s.text, m.get(), WalkthroughSteps::resolve(m->tree, s.indexPath)});
        }
        const QString html = handoutHtml(QString::fromUtf8(tour->title), QString::fromUtf8(tour->intro), steps);
        const QJsonObject page = parse(html);
        QCOMPARE(page.value("problems").toArray(), QJsonArray());
        QCOMPARE(page.value("external").toArray(), QJsonArray());
        QCOMPARE(page.value("steps").toInt(), int(steps.size()));
        const QJsonArray titles = page.value("titles").toArray();
        QCOMPARE(titles.size(), qsizetype(steps.size()));
        for (std::size_t i = 0; i < steps.size(); ++i)
            QVERIFY2(titles.at(qsizetype(i)).toString().endsWith(steps[i].title), qPrintable(steps[i].title));
    }
};

QTEST_GUILESS_MAIN(TestExplainHtml)
#include "tst_explainhtml.moc"
