#include "walkthroughpanel.h"

#include "calldetailsview.h"
#include "mainwindow.h"
#include "messagepane.h"
#include "models/callstore.h"
#include "models/decodetreemodel.h"
#include "models/samplecaptures.h"
#include "models/walkthroughtours.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

const Tour& tourOrDefault(const QString& id)
{
    const Tour* tour = findTour(id);
    return tour ? *tour : walkthroughTours().front();
}

} // namespace

WalkthroughPanel::WalkthroughPanel(MainWindow* window)
    : QWidget(window)
    , m_window(window)
    , m_position(new QLabel(this))
    , m_text(new QTextBrowser(this))
    , m_back(new QPushButton(tr("◀ Back"), this))
    , m_next(new QPushButton(tr("Next ▶"), this))
    , m_restart(new QPushButton(tr("Start Over"), this))
{
    m_text->setOpenLinks(false);
    m_text->setAccessibleName(tr("Walkthrough step"));
    m_back->setShortcut(QKeySequence(tr("Alt+Left")));
    m_back->setToolTip(tr("The previous field (Alt+Left)"));
    m_next->setShortcut(QKeySequence(tr("Alt+Right")));
    m_next->setToolTip(tr("The next field (Alt+Right)"));
    m_next->setDefault(true);
    m_restart->setToolTip(tr("Open the samples again and go back to the first field"));
    QFont bold = m_position->font();
    bold.setBold(true);
    m_position->setFont(bold);
    m_position->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_restart);
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_position);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);

    connect(m_back, &QPushButton::clicked, this, &WalkthroughPanel::previous);
    connect(m_next, &QPushButton::clicked, this, &WalkthroughPanel::next);
    connect(m_restart, &QPushButton::clicked, this, [this] { start(m_tourId); });
    connect(m_window, &MainWindow::loadFinished, this, &WalkthroughPanel::onLoaded);

    m_position->setText(tr("Walk through the wire format"));
    m_text->setHtml(tr("<p>%1</p><p>Starting opens the sample captures in place of the capture shown.</p>")
                        .arg(QString::fromUtf8(walkthroughTours().front().intro).toHtmlEscaped()));
    updateButtons();
}

QStringList WalkthroughPanel::sampleNames()
{
    return walkthroughTours().front().samples();
}

void WalkthroughPanel::start(const QString& tourId)
{
    m_tourId = tourOrDefault(tourId).id;
    QStringList files;
    m_missing.clear();
    for (const QString& sample : tourOrDefault(m_tourId).samples()) {
        const QString f = samplecaptures::find(sample);
        if (f.isEmpty())
            m_missing += (m_missing.isEmpty() ? QString() : QStringLiteral(", ")) + sample;
        else
            files << f;
    }
    m_steps.clear();
    m_current = -1;
    if (files.isEmpty()) {
        showProblem(tr("The sample captures (%1) are not installed: looked in “%2”. Set RPCSCOPE_SAMPLES_DIR to "
                       "the folder that holds them.")
                        .arg(m_missing,
                             samplecaptures::directory().isEmpty() ? tr("share/rpcscope/samples")
                                                                   : samplecaptures::directory()));
        return;
    }
    m_position->setText(tr("Opening the samples…"));
    m_waitingForLoad = true;
    m_window->openFiles(files);
}

void WalkthroughPanel::onLoaded()
{
    if (!m_waitingForLoad)
        return;
    m_waitingForLoad = false;
    if (buildSteps() == 0) {
        showProblem(tr("The samples were opened but hold none of the tour's calls."));
        return;
    }
    showStep(0);
}

int WalkthroughPanel::buildSteps()
{
    m_steps.clear();
    m_current = -1;
    const CallStore* store = m_window->callStore();
    const Tour& tour = tourOrDefault(m_tourId);
    // The tour finds its calls among all listed (without trees: cheap), then decodes those with trees.
    std::vector<Call> listed;
    listed.reserve(std::size_t(store->size()));
    for (int row = 0; row < store->size(); ++row)
        listed.push_back(store->call(row, false));
    std::vector<Call> decoded;
    const std::vector<int> found = tour.findCalls(listed);
    decoded.reserve(found.size());
    for (int row : found)
        decoded.push_back(row >= 0 ? store->call(row, true) : Call {});
    std::vector<const Call*> calls;
    for (std::size_t i = 0; i < found.size(); ++i)
        calls.push_back(found[i] >= 0 ? &decoded[i] : nullptr);
    m_steps = tour.steps(calls);
    updateButtons();
    return int(m_steps.size());
}

void WalkthroughPanel::showStep(int index)
{
    if (index < 0 || index >= int(m_steps.size()))
        return;
    const WalkthroughStep& step = m_steps[std::size_t(index)];
    // A filter may hide the call: the tour needs it in the list.
    if (!m_window->selectCallById(step.callId)) {
        showProblem(tr("Call %1 of the tour is not in the list (is a filter hiding it?).").arg(step.callId));
        return;
    }
    MessagePane* pane = m_window->detailsView()->pane(step.direction);
    const DecodeNode* root = pane->treeModel()->root();
    const DecodeNode* node = root ? WalkthroughSteps::resolve(*root, step.indexPath) : nullptr;
    pane->selectNode(node);
    m_current = index;
    m_position->setText(tr("Step %1 of %2: %3").arg(index + 1).arg(m_steps.size()).arg(step.title));
    QString html = QStringLiteral("<p>%1</p>").arg(step.text.toHtmlEscaped());
    if (index + 1 == int(m_steps.size()))
        html += tr("<p><i>That was the last field. Open your own capture (Ctrl+O) to read your calls the same "
                   "way.</i></p>");
    if (!m_missing.isEmpty())
        html += tr("<p><i>Not in this tour: %1 (sample not installed).</i></p>").arg(m_missing.toHtmlEscaped());
    m_text->setHtml(html);
    updateButtons();
    Q_EMIT stepShown(index);
}

void WalkthroughPanel::next()
{
    showStep(m_current + 1);
}

void WalkthroughPanel::previous()
{
    showStep(m_current - 1);
}

QString WalkthroughPanel::text() const
{
    return m_position->text() + QLatin1Char('\n') + m_text->toPlainText();
}

void WalkthroughPanel::updateButtons()
{
    m_back->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < int(m_steps.size()));
}

void WalkthroughPanel::showProblem(const QString& text)
{
    m_position->setText(tr("The walkthrough cannot go on"));
    m_text->setPlainText(text);
    updateButtons();
    Q_EMIT stepShown(-1);
}

} // namespace rpcscope
