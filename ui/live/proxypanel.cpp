#include "proxypanel.h"

#include "certs/certificateauthority.h"
#include "intercept/callmarker.h"
#include "intercept/interceptqueue.h"
#include "livecallfeed.h"
#include "models/callstore.h"
#include "proxyconnection.h"
#include "recordingproxy.h"
#include "tlsverifychooser.h"
#include "trafficdecoder.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QSaveFile>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rpcscope {

ProxyPanel::ProxyPanel(CallStore& store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_feed(new LiveCallFeed(this))
    , m_intercept(new InterceptQueue(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_followed(new QTableWidget(0, ColumnCount, this))
    , m_follow(new QCheckBox(tr("&Follow handed-out objects (Java RMI stubs, Pyro URIs)"), this))
    , m_add(new QPushButton(tr("&Add Rule"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_startStop(new QPushButton(tr("&Start"), this))
    , m_status(new QLabel(this))
    , m_tlsBox(new QWidget(this))
    , m_upstream(new TlsVerifyChooser(this))
    , m_caLabel(new QLabel(this))
    , m_exportCa(new QPushButton(tr("Export CA Certificate…"), this))
    , m_caDirectory(CertificateAuthority::defaultDirectory())
{
    m_table->setHorizontalHeaderLabels({tr("Listen"), tr("Target"), tr("TLS"), tr("Connections"), tr("Open"),
                                        tr("Failed"), tr("Bytes →"), tr("Bytes ←")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setToolTip(tr("Listen: HOST:PORT or :PORT (loopback). Target: HOST:PORT, or empty for an HTTP forward "
                           "proxy that sends each request to the origin in its URL. TLS: terminate TLS (clients must "
                           "trust RpcScope's CA; the target is reached with TLS)."));
    m_followed->setHorizontalHeaderLabels({tr("Followed object"), tr("Through"), QString(), tr("Connections"),
                                           tr("Open"), tr("Failed"), tr("Bytes →"), tr("Bytes ←")});
    m_followed->setColumnHidden(TlsColumn, true);
    m_followed->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_followed->verticalHeader()->hide();
    m_followed->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_followed->setToolTip(tr("Endpoints that replies handed out (a registry lookup's stub, a name server's URI): "
                              "the proxy rewrote each reply to send the client to its own listener (Through), which "
                              "forwards to the object and records the calls as calls to the object's endpoint."));
    m_followed->hide();
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Java RMI stubs and Pyro URIs name the endpoint of their object, so a client calls it on "
                            "a connection of its own. Followed, each such endpoint gets a listener of the proxy's "
                            "own and the reply is rewritten to name it, so those calls are recorded too. Stubs with "
                            "a custom client socket factory (RMI over SSL) cannot be followed."));
    m_status->setWordWrap(true);
    m_status->setText(tr("Stopped. Point clients at a listen address; no capture rights needed."));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    buttons->addWidget(m_follow);
    buttons->addWidget(m_startStop);
    m_caLabel->setWordWrap(true);
    m_caLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caLabel->setText(tr("Clients of TLS rules must trust RpcScope's CA, kept in %1.").arg(m_caDirectory));
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caLabel, 1);
    caRow->addWidget(m_exportCa);
    auto* tlsForm = new QFormLayout(m_tlsBox);
    tlsForm->setContentsMargins(0, 0, 0, 0);
    tlsForm->addRow(tr("TLS upstream"), m_upstream);
    tlsForm->addRow(tr("TLS clients"), caRow);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 2);
    layout->addWidget(m_followed, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_tlsBox);
    layout->addWidget(m_status);
    connect(m_exportCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export RpcScope's CA Certificate"),
                                                          QStringLiteral("rpcscope-ca-cert.pem"),
                                                          tr("PEM certificates (*.pem *.crt)"));
        if (file.isEmpty())
            return;
        const Status exported = exportCaCertificate(file);
        m_status->setText(exported ? tr("Wrote RpcScope's CA certificate to %1: make TLS clients trust it.").arg(file)
                                   : exported.error());
    });

    connect(m_add, &QPushButton::clicked, this,
            [this] { addRule(QStringLiteral(":8001"), QStringLiteral("127.0.0.1:8000")); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        updateButtons();
    });
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (isRunning()) {
            stop();
            return;
        }
        if (Status started = start(); !started)
            m_status->setText(started.error());
    });
    connect(m_feed, &LiveCallFeed::callsReady, &m_store, &CallStore::appendEntries);
    m_intercept->setCallIdLookup([this](quint64 stream, qint64 offset) { return listedCallId(stream, offset); });
    connect(&m_timer, &QTimer::timeout, this, &ProxyPanel::updateCounters);
    updateButtons();
}

ProxyPanel::~ProxyPanel()
{
    stop();
}

void ProxyPanel::setCallRules(std::shared_ptr<const CallRuleSet> rules)
{
    m_callRules = std::move(rules);
    if (m_proxy)
        m_proxy->setCallRules(m_callRules);
}

quint64 ProxyPanel::listedCallId(quint64 stream, qint64 requestOffset) const
{
    const quint64 id = m_marker ? m_marker->callIdAt(stream, requestOffset) : 0;
    return id ? id + m_feed->idOffset() : 0;
}

void ProxyPanel::addRule(const QString& listen, const QString& target, bool tls)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, ListenColumn, new QTableWidgetItem(listen));
    m_table->setItem(row, TargetColumn, new QTableWidgetItem(target));
    auto* tlsItem = new QTableWidgetItem;
    tlsItem->setFlags((tlsItem->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
    tlsItem->setCheckState(tls ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, TlsColumn, tlsItem);
    for (int column = ConnectionsColumn; column < ColumnCount; ++column) {
        auto* item = new QTableWidgetItem(QStringLiteral("0"));
        item->setFlags(item->flags() & ~Qt::ItemIsEditable);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, column, item);
    }
    updateButtons();
}

Result<std::vector<ProxyRule>> ProxyPanel::rules() const
{
    std::vector<ProxyRule> rules;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString listen = m_table->item(row, ListenColumn) ? m_table->item(row, ListenColumn)->text() : QString();
        const QString target = m_table->item(row, TargetColumn) ? m_table->item(row, TargetColumn)->text() : QString();
        auto from = HostPort::parse(listen, true);
        if (!from)
            return Error {tr("Rule %1: %2").arg(row + 1).arg(from.error())};
        ProxyRule rule {*from, {}, target.trimmed().isEmpty(), {}};
        if (!rule.httpProxy) {
            auto to = HostPort::parse(target);
            if (!to)
                return Error {tr("Rule %1: %2").arg(row + 1).arg(to.error())};
            rule.target = *to;
        }
        const QTableWidgetItem* tls = m_table->item(row, TlsColumn);
        if (tls && tls->checkState() == Qt::Checked) {
            if (rule.httpProxy)
                return Error {tr("Rule %1: TLS needs a target (the HTTP proxy does not terminate TLS)").arg(row + 1)};
            if (Status checked = m_upstream->check(); !checked)
                return Error {tr("Rule %1: %2").arg(row + 1).arg(checked.error())};
            rule.tls.enabled = true;
            rule.tls.upstreamInsecure = m_upstream->mode() == TlsVerifyChooser::Mode::Insecure;
            if (m_upstream->mode() == TlsVerifyChooser::Mode::CaFile)
                rule.tls.upstreamCaFile = m_upstream->caFile();
        }
        rules.push_back(rule);
    }
    if (rules.empty())
        return Error {tr("Add a rule first: a listen address and the server to forward to.")};
    return rules;
}

Status ProxyPanel::start()
{
    if (isRunning())
        return Done {};
    auto parsed = rules();
    if (!parsed)
        return Error {parsed.error()};
    quint64 lastId = 0;
    for (int row = 0; row < m_store.size(); ++row)
        lastId = std::max(lastId, m_store.record(row).id);
    m_feed->setIdOffset(lastId);
    DecodeOptions options = m_store.decodeOptions();
    options.buildTree = false;
    m_marker = std::make_unique<CallMarker>(*m_feed);
    m_traffic = std::make_unique<TrafficDecoder>(m_store.registry(), options, *m_marker);
    const bool anyTls = std::any_of(parsed->begin(), parsed->end(), [](const ProxyRule& r) { return r.tls.enabled; });
    if (anyTls) {
        Result<std::shared_ptr<const CertificateAuthority>> ca = authority();
        if (!ca)
            return Error {ca.error()};
    }
    m_proxy = std::make_unique<RecordingProxy>(*m_traffic);
    m_proxy->setCertificateAuthority(m_ca);
    ProxyCallPolicy policy;
    policy.registry = &m_store.registry();
    policy.options = options;
    policy.rules = m_callRules;
    policy.interceptor = m_intercept;
    policy.marker = m_marker.get();
    m_proxy->setCallPolicy(std::move(policy));
    m_followed->setRowCount(0);
    m_followed->hide();
    if (m_follow->isChecked()) {
        ProxyFollowOptions follow;
        follow.registry = &m_store.registry();
        follow.options = options;
        m_proxy->setFollowing(std::move(follow));
        connect(m_proxy.get(), &RecordingProxy::endpointFollowed, this, &ProxyPanel::addFollowed);
    }
    connect(m_proxy.get(), &RecordingProxy::problem, this, [this](const QString& message) {
        m_status->setText(message);
        Q_EMIT problem(message);
    });
    if (Status started = m_proxy->start(*parsed); !started) {
        m_proxy.reset();
        m_traffic.reset();
        m_marker.reset();
        return started;
    }
    QStringList listening;
    for (int i = 0; i < static_cast<int>(parsed->size()); ++i) {
        ProxyRule shown = (*parsed)[i];
        shown.listen = m_proxy->listenAddress(i);
        listening << shown.describe();
    }
    m_status->setText(tr("Running: %1").arg(listening.join(QStringLiteral("; "))));
    m_timer.start(500);
    updateButtons();
    Q_EMIT runningChanged(true);
    return Done {};
}

void ProxyPanel::stop()
{
    if (!m_proxy)
        return;
    updateCounters();
    m_timer.stop();
    m_proxy->stop();
    m_traffic->finishAll(wallClockSeconds());
    m_feed->flush();
    m_proxy.reset();
    m_traffic.reset();
    m_marker.reset();
    m_status->setText(tr("Stopped."));
    updateButtons();
    Q_EMIT runningChanged(false);
}

bool ProxyPanel::isRunning() const
{
    return m_proxy && m_proxy->isRunning();
}

quint16 ProxyPanel::listenPort(int row) const
{
    return m_proxy ? m_proxy->listenAddress(row).port : 0;
}

void ProxyPanel::updateCounters()
{
    if (!m_proxy)
        return;
    m_traffic->expire(wallClockSeconds(), 30);
    const QLocale locale;
    const int rows = std::min<int>(m_table->rowCount(), static_cast<int>(m_proxy->rules().size()));
    for (int row = 0; row < rows; ++row) {
        const ProxyRuleCounters& c = m_proxy->counters(row);
        const qint64 values[] = {c.connectionsAccepted, c.connectionsOpen, c.connectionsFailed, c.bytesClientToServer,
                                 c.bytesServerToClient};
        for (int i = 0; i < 5; ++i)
            m_table->item(row, ConnectionsColumn + i)->setText(locale.toString(values[i]));
    }
    const int followed = std::min(m_followed->rowCount(), m_proxy->followedCount());
    for (int row = 0; row < followed; ++row) {
        const ProxyRuleCounters& c = m_proxy->followedCounters(row);
        const qint64 values[] = {c.connectionsAccepted, c.connectionsOpen, c.connectionsFailed, c.bytesClientToServer,
                                 c.bytesServerToClient};
        for (int i = 0; i < 5; ++i)
            m_followed->item(row, ConnectionsColumn + i)->setText(locale.toString(values[i]));
    }
}

void ProxyPanel::addFollowed(int index)
{
    const FollowedEndpoint& f = m_proxy->followed(index);
    const int row = m_followed->rowCount();
    m_followed->insertRow(row);
    m_followed->setItem(row, ListenColumn, new QTableWidgetItem(f.real.toString()));
    m_followed->setItem(row, TargetColumn, new QTableWidgetItem(f.listen.toString()));
    for (int column = ConnectionsColumn; column < ColumnCount; ++column) {
        auto* item = new QTableWidgetItem(QStringLiteral("0"));
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_followed->setItem(row, column, item);
    }
    m_followed->show();
}

void ProxyPanel::setFollowing(bool follow)
{
    m_follow->setChecked(follow);
}

bool ProxyPanel::isFollowing() const
{
    return m_follow->isChecked();
}

void ProxyPanel::updateButtons()
{
    const bool running = isRunning();
    m_startStop->setText(running ? tr("&Stop") : tr("&Start"));
    m_add->setEnabled(!running);
    m_remove->setEnabled(!running && m_table->rowCount() > 0);
    m_upstream->setEnabled(!running);
    m_follow->setEnabled(!running);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (QTableWidgetItem* tls = m_table->item(row, TlsColumn))
            tls->setFlags(running ? tls->flags() & ~Qt::ItemIsUserCheckable : tls->flags() | Qt::ItemIsUserCheckable);
    }
    m_table->setEditTriggers(running ? QAbstractItemView::NoEditTriggers : QAbstractItemView::AllEditTriggers);
}

void ProxyPanel::setCaDirectory(const QString& directory)
{
    if (directory == m_caDirectory)
        return;
    m_caDirectory = directory;
    m_ca.reset();
    m_caLabel->setText(tr("Clients of TLS rules must trust RpcScope's CA, kept in %1.").arg(m_caDirectory));
}

Result<std::shared_ptr<const CertificateAuthority>> ProxyPanel::authority()
{
    if (!m_ca) {
        Result<CertificateAuthority> opened = CertificateAuthority::open(m_caDirectory);
        if (!opened)
            return Error {opened.error()};
        m_ca = std::make_shared<const CertificateAuthority>(std::move(*opened));
        m_caLabel->setText(tr("Clients of TLS rules must trust RpcScope's CA: %1").arg(m_ca->certificatePath()));
        m_caLabel->setToolTip(tr("SHA-256 %1").arg(m_ca->certificate().sha256Fingerprint()));
    }
    return m_ca;
}

Status ProxyPanel::exportCaCertificate(const QString& file)
{
    Result<std::shared_ptr<const CertificateAuthority>> ca = authority();
    if (!ca)
        return Error {ca.error()};
    const QByteArray pem = (*ca)->certificate().toPem();
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(pem) != pem.size() || !out.commit())
        return Error {tr("Cannot write %1: %2").arg(file, out.errorString())};
    return Done {};
}

} // namespace rpcscope
