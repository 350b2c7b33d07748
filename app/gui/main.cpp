// rpcscope: the inspector window. `rpcscope [FILE…]` opens the captures given; see --help for the rest.
#include "appicons.h"
#include "bytespane.h"
#include "calldetailsview.h"
#include "callformat.h"
#include "calllistview.h"
#include "composertools.h" // server: Test Server and Composer panels (ui/composer)
#include "decodenode.h"
#include "demosession.h"
#include "hexview.h"
#include "livesources.h" // live: Capture menu and Proxy panel (ui/live)
#include "mainwindow.h"
#include "messagebar.h"
#include "messagepane.h"
#include "models/callfilter.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "models/decodetreemodel.h"
#include "models/walkthroughtours.h"
#include "walkthroughpanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>

#include <cstdio>
#include <ctime>

namespace {

// Resident and peak resident memory in MiB, from /proc/self/status.
std::pair<double, double> residentMemoryMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    double rss = -1;
    double hwm = -1;
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : status.readAll().split('\n')) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() >= 2 && parts[0] == "VmRSS:")
                rss = parts[1].toDouble() / 1024.0;
            else if (parts.size() >= 2 && parts[0] == "VmHWM:")
                hwm = parts[1].toDouble() / 1024.0;
        }
    }
    return {rss, hwm};
}

// CPU time of this thread in milliseconds: beside wall times on a machine shared with other work.
double threadCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

int countNodes(const rpcscope::DecodeNode* node)
{
    if (!node)
        return 0;
    int n = 1;
    for (const rpcscope::DecodeNode& child : node->children)
        n += countNodes(&child);
    return n;
}

// Demo calls recorded by the proxy go straight into the window's call list, like calls loaded from a file.
class CallStoreSink : public rpcscope::CallSink
{
public:
    explicit CallStoreSink(rpcscope::CallStore* store)
        : m_store(store)
    { }
    void callFinished(rpcscope::Call&& call) override { m_store->appendCalls({std::move(call)}); }

private:
    rpcscope::CallStore* m_store;
};

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    Q_INIT_RESOURCE(resources);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RpcScope"));
    QApplication::setOrganizationName(QStringLiteral("RpcScope"));
    QApplication::setApplicationVersion(QStringLiteral(RPCSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("rpcscope"));
    QApplication::setWindowIcon(rpcscope::appicons::application());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Look at remote calls on the wire: XML-RPC, Pyro4, Pyro5 and Java RMI in pcap captures."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Capture files to open (pcap, pcapng)."),
                                 QStringLiteral("[FILE…]"));
    const QCommandLineOption benchOpen(QStringLiteral("bench-open"),
                                       QStringLiteral("Open FILE, print the time until every call is listed and the "
                                                      "resident memory, then the time to sort, filter and (with "
                                                      "--select-call) select a call, then quit."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption selectCall(QStringLiteral("select-call"),
                                        QStringLiteral("Once loaded, select the call numbered N (the No. column)."),
                                        QStringLiteral("N"));
    const QCommandLineOption selectField(QStringLiteral("select-field"),
                                         QStringLiteral("With --select-call, select the request field at PATH "
                                                        "(names below the root joined by '/', e.g. "
                                                        "methodCall/params/param[0])."),
                                         QStringLiteral("PATH"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Once loaded (and the call selected), save an image of the "
                                                       "window to PNG and quit."),
                                        QStringLiteral("PNG"));
    const QCommandLineOption windowSize(QStringLiteral("window-size"),
                                        QStringLiteral("Open the window at WIDTHxHEIGHT pixels (e.g. 1440x900)."),
                                        QStringLiteral("WxH"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start the built-in demo: the XML-RPC and Pyro4 test servers on "
                                                 "loopback behind a recording proxy, and the article's calls sent "
                                                 "through it. With --screenshot, the picture is taken once the "
                                                 "demo's calls are listed."));
    const QCommandLineOption walkthrough(QStringLiteral("walkthrough"),
                                         QStringLiteral("Start Help → Walk Through the Wire Format: open the sample "
                                                        "captures and show the first field of the tour."));
    const QCommandLineOption tour(QStringLiteral("tour"),
                                  QStringLiteral("With --walkthrough, the tour: wire-format (default) or java-rmi."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption tourStep(QStringLiteral("walkthrough-step"),
                                      QStringLiteral("With --walkthrough, show step N of the tour (from 1)."),
                                      QStringLiteral("N"));
    parser.addOptions({benchOpen, selectCall, selectField, screenshot, windowSize, demo, walkthrough, tour, tourStep});
    parser.process(app);

    QStringList files = parser.positionalArguments();
    const bool bench = parser.isSet(benchOpen);
    if (bench)
        files = {parser.value(benchOpen)};
    bool ok = true;
    const quint64 callNumber = parser.isSet(selectCall) ? parser.value(selectCall).toULongLong(&ok) : 0;
    if (!ok || (parser.isSet(selectCall) && callNumber == 0)) {
        std::fprintf(stderr, "rpcscope: --select-call needs a call number (1, 2, …), not '%s'\n",
                     qPrintable(parser.value(selectCall)));
        return 2;
    }

    QSize size;
    if (parser.isSet(windowSize)) {
        const QStringList wh = parser.value(windowSize).split(QLatin1Char('x'));
        size = wh.size() == 2 ? QSize(wh[0].toInt(), wh[1].toInt()) : QSize();
        if (size.width() < 200 || size.height() < 150) {
            std::fprintf(stderr, "rpcscope: --window-size needs WIDTHxHEIGHT (at least 200x150), not '%s'\n",
                         qPrintable(parser.value(windowSize)));
            return 2;
        }
    }

    rpcscope::MainWindow window;
    rpcscope::installLiveSources(window); // live: Capture menu, Proxy panel, live counters (ui/live)
    rpcscope::installComposerTools(window); // server: Test Server and Composer docks, Replay actions (ui/composer)
    if (size.isValid())
        window.resize(size);
    window.show();

    const int stepNumber = parser.isSet(tourStep) ? parser.value(tourStep).toInt(&ok) : 0;
    if (parser.isSet(tourStep) && (!ok || stepNumber < 1)) {
        std::fprintf(stderr, "rpcscope: --walkthrough-step needs a step number (1, 2, …), not '%s'\n",
                     qPrintable(parser.value(tourStep)));
        return 2;
    }
    if (parser.isSet(tour) && !rpcscope::findTour(parser.value(tour))) {
        std::fprintf(stderr, "rpcscope: there is no tour '%s' (wire-format, java-rmi)\n",
                     qPrintable(parser.value(tour)));
        return 2;
    }

    QObject::connect(&window, &rpcscope::MainWindow::loadFinished, &window, [&] {
        if (stepNumber > 0 && parser.isSet(walkthrough)) {
            // The panel has built its steps on the same signal, before this.
            rpcscope::WalkthroughPanel* panel = window.walkthroughPanel();
            if (stepNumber > int(panel->steps().size()))
                std::fprintf(stderr, "rpcscope: the tour has %d steps, not %d\n", int(panel->steps().size()),
                             stepNumber);
            panel->showStep(stepNumber - 1);
        }
        if (bench) {
            // "Fully listed": every call is in the list model and the view has laid it out.
            QApplication::processEvents();
            const qint64 listedMs = sinceStart.elapsed();
            const auto [rss, hwm] = residentMemoryMiB();
            // What a user does next, each until the view has redrawn: sort by latency, filter, clear the filter.
            QElapsedTimer step;
            step.start();
            const double sortCpuStart = threadCpuMs();
            window.callListView()->sortByColumn(rpcscope::CallListModel::LatencyColumn, Qt::DescendingOrder);
            // The model has reordered its rows here; the view lays them out on the next pass of the event loop.
            const qint64 modelSortMs = step.elapsed();
            QApplication::processEvents();
            const qint64 sortMs = step.restart();
            const double sortCpuMs = threadCpuMs() - sortCpuStart;
            window.callListModel()->setFilter(rpcscope::CallFilter::parse(QStringLiteral("method:add latency>1ms")));
            QApplication::processEvents();
            const qint64 filterMs = step.restart();
            const int filtered = window.callListModel()->rowCount();
            window.callListModel()->setFilter(rpcscope::CallFilter::parse(QString()));
            QApplication::processEvents();
            const qint64 unfilterMs = step.restart();
            // Free text is looked for in every message's bytes too (read back from the spill file).
            window.callListModel()->setFilter(rpcscope::CallFilter::parse(QStringLiteral("item-2-4243")));
            QApplication::processEvents();
            const qint64 textFilterMs = step.restart();
            const int textFiltered = window.callListModel()->rowCount();
            window.callListModel()->setFilter(rpcscope::CallFilter::parse(QString()));
            QApplication::processEvents();
            step.restart();
            // With --select-call: select that call (its bytes read back, decoded with trees, both panes drawn).
            QString selected;
            if (callNumber > 0) {
                step.restart();
                const double selectCpuStart = threadCpuMs();
                const bool found = window.selectCallById(callNumber);
                QApplication::processEvents();
                const qint64 selectMs = step.elapsed();
                const double selectCpuMs = threadCpuMs() - selectCpuStart;
                const rpcscope::CallDetailsView* details = window.detailsView();
                int nodes = 0;
                qsizetype bytes = 0;
                for (const rpcscope::MessagePane* pane : {details->requestPane(), details->responsePane()}) {
                    nodes += countNodes(pane->treeModel()->root());
                    bytes += pane->bytesPane()->hexView()->data().size();
                }
                selected = found ? QStringLiteral(" select_ms=%1 select_cpu_ms=%2 tree_nodes=%3 bytes_shown=%4")
                                       .arg(selectMs)
                                       .arg(selectCpuMs, 0, 'f', 0)
                                       .arg(nodes)
                                       .arg(bytes)
                                 : QStringLiteral(" select=none");
            }
            std::printf("bench-open file=%s calls=%d listed_ms=%lld rss_mib=%.1f peak_rss_mib=%.1f sort_ms=%lld "
                        "filter_ms=%lld filtered=%d unfilter_ms=%lld model_sort_ms=%lld sort_cpu_ms=%.0f "
                        "text_filter_ms=%lld text_filtered=%d%s\n",
                        qPrintable(files.first()), window.callListModel()->rowCount(), static_cast<long long>(listedMs),
                        rss, hwm, static_cast<long long>(sortMs), static_cast<long long>(filterMs), filtered,
                        static_cast<long long>(unfilterMs), static_cast<long long>(modelSortMs), sortCpuMs,
                        static_cast<long long>(textFilterMs), textFiltered, qPrintable(selected));
            std::fflush(stdout);
            QTimer::singleShot(0, &app, [] { QApplication::exit(0); });
            return;
        }
        if (callNumber > 0) {
            if (!window.selectCallById(callNumber))
                std::fprintf(stderr, "rpcscope: there is no call %llu to select\n",
                             static_cast<unsigned long long>(callNumber));
            if (parser.isSet(selectField)) {
                rpcscope::MessagePane* pane = window.detailsView()->requestPane();
                const rpcscope::DecodeNode* root = pane->treeModel()->root();
                const rpcscope::DecodeNode* node = root ? root->find(parser.value(selectField)) : nullptr;
                if (!node)
                    std::fprintf(stderr, "rpcscope: the request has no field '%s'\n",
                                 qPrintable(parser.value(selectField)));
                pane->selectNode(node);
                pane->treeView()->setFocus();
            }
            // tests/screenshot waits for this line before taking the whole screen.
            std::printf("ready\n");
            std::fflush(stdout);
        }
        if (parser.isSet(screenshot)) {
            // Let layouts and the chart settle before taking the picture.
            QTimer::singleShot(300, &window, [&] {
                const QString path = parser.value(screenshot);
                if (!window.grab().save(path)) {
                    std::fprintf(stderr, "rpcscope: cannot write %s\n", qPrintable(path));
                    QApplication::exit(1);
                    return;
                }
                QApplication::exit(0);
            });
        }
    });
    std::unique_ptr<CallStoreSink> demoSink;
    std::unique_ptr<rpcscope::DemoSession> demoSession;
    if (parser.isSet(demo)) {
        demoSink = std::make_unique<CallStoreSink>(window.callStore());
        demoSession = std::make_unique<rpcscope::DemoSession>(*demoSink);
        if (rpcscope::Status started = demoSession->start(); !started) {
            window.messageBar()->showMessage(started.error());
        } else {
            window.messageBar()->showMessage(demoSession->describe().join(QLatin1Char('\n')),
                                             rpcscope::MessageBar::Level::Information);
            QObject::connect(demoSession.get(), &rpcscope::DemoSession::sending, &window,
                             [&window](const QString& what) {
                                 window.statusBar()->showMessage(QStringLiteral("Demo: sending %1").arg(what), 3000);
                             });
            QObject::connect(demoSession.get(), &rpcscope::DemoSession::finished, &window, [&](int failures) {
                // The last reply may still be on its way through the proxy: list it before reporting.
                QTimer::singleShot(200, &window, [&, failures] {
                    rpcscope::CallStore* store = window.callStore();
                    window.statusBar()->showMessage(
                        QStringLiteral("Demo finished: %1 calls recorded through the proxy").arg(store->size()));
                    std::printf("demo finished: %d calls listed, %d without answer\n", store->size(), failures);
                    for (int row = 0; row < store->size(); ++row)
                        std::printf("  %s\n", qPrintable(rpcscope::callSummary(store->call(row))));
                    std::fflush(stdout);
                    if (parser.isSet(screenshot)) {
                        window.selectCallById(1);
                        QTimer::singleShot(300, &window, [&] {
                            QApplication::exit(window.grab().save(parser.value(screenshot)) ? 0 : 1);
                        });
                    }
                });
            });
            QTimer::singleShot(0, demoSession.get(), &rpcscope::DemoSession::run);
        }
    }
    if (parser.isSet(walkthrough) && files.isEmpty() && !demoSession) {
        // The tour opens the samples itself; the picture (--screenshot) is taken once they are listed.
        window.startWalkthrough(parser.isSet(tour) ? parser.value(tour) : QStringLiteral("wire-format"));
    } else if (!files.isEmpty()) {
        window.openFiles(files);
    } else if (parser.isSet(screenshot) && !demoSession) {
        QTimer::singleShot(300, &window,
                           [&] { QApplication::exit(window.grab().save(parser.value(screenshot)) ? 0 : 1); });
    }
    return app.exec();
}
