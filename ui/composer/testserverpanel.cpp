#include "testserverpanel.h"

#include "callformat.h"
#include "certs/certificateauthority.h"
#include "models/callrecord.h"
#include "models/callstore.h"
#include "server/pyro4daemon.h"
#include "server/servertls.h"
#include "server/xmlrpcserver.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTime>
#include <QVBoxLayout>

namespace rpcscope {

TestServerPanel::TestServerPanel(CallStore& store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_xmlrpc(std::make_unique<XmlRpcServer>())
    , m_pyro(std::make_unique<Pyro4Daemon>())
    , m_xmlrpcPort(new QSpinBox(this))
    , m_pyroPort(new QSpinBox(this))
    , m_xmlrpcButton(new QPushButton(this))
    , m_pyroButton(new QPushButton(this))
    , m_xmlrpcAddress(new QLabel(this))
    , m_pyroAddress(new QLabel(this))
    , m_methods(new QLabel(this))
    , m_log(new QPlainTextEdit(this))
    , m_tls(new QCheckBox(tr("TLS (a certificate for localhost from RpcScope's CA)"), this))
    , m_caDirectory(CertificateAuthority::defaultDirectory())
{
    for (QSpinBox* port : {m_xmlrpcPort, m_pyroPort}) {
        port->setRange(0, 65535);
        port->setSpecialValueText(tr("any free port"));
    }
    for (QLabel* label : {m_xmlrpcAddress, m_pyroAddress, m_methods}) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
    }
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000); // a long session must not grow the log without bound
    QStringList pyroMethods;
    for (const QString& object : Pyro4Objects::objectIds())
        pyroMethods << QStringLiteral("%1: %2").arg(object,
                                                    Pyro4Objects::methodNames(object).join(QStringLiteral(", ")));
    m_methods->setText(
        tr("XML-RPC: %1\nPyro4 %2")
            .arg(XmlRpcMethods::methodNames().join(QStringLiteral(", ")), pyroMethods.join(QStringLiteral("; "))));

    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("XML-RPC"), this), 0, 0);
    grid->addWidget(m_xmlrpcPort, 0, 1);
    grid->addWidget(m_xmlrpcButton, 0, 2);
    grid->addWidget(m_xmlrpcAddress, 1, 0, 1, 3);
    grid->addWidget(new QLabel(tr("Pyro4"), this), 2, 0);
    grid->addWidget(m_pyroPort, 2, 1);
    grid->addWidget(m_pyroButton, 2, 2);
    grid->addWidget(m_pyroAddress, 3, 0, 1, 3);
    grid->addWidget(m_tls, 4, 0, 1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(m_methods);
    layout->addWidget(m_log, 1);

    connect(m_xmlrpcButton, &QPushButton::clicked, this, [this] {
        if (m_xmlrpc->isListening())
            stopXmlRpc();
        else if (Status s = startXmlRpc(); !s)
            appendLog(s.error());
    });
    connect(m_pyroButton, &QPushButton::clicked, this, [this] {
        if (m_pyro->isListening())
            stopPyro();
        else if (Status s = startPyro(); !s)
            appendLog(s.error());
    });
    connect(m_xmlrpc.get(), &XmlRpcServer::callServed, this, &TestServerPanel::served);
    connect(m_pyro.get(), &Pyro4Daemon::callServed, this, &TestServerPanel::served);
    connect(m_xmlrpc.get(), &XmlRpcServer::connectionRefused, this, &TestServerPanel::appendLog);
    connect(m_pyro.get(), &Pyro4Daemon::connectionRefused, this, &TestServerPanel::appendLog);
    updateState();
}

TestServerPanel::~TestServerPanel() = default;

Result<std::optional<QSslConfiguration>> TestServerPanel::tlsChoice()
{
    if (!m_tls->isChecked())
        return std::optional<QSslConfiguration>();
    if (!m_tlsConfiguration) {
        Result<CertificateAuthority> ca = CertificateAuthority::open(m_caDirectory);
        if (!ca)
            return Error {ca.error()};
        Result<ServerIdentity> identity = ca->issueServerIdentity(
            {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")});
        if (!identity)
            return Error {identity.error()};
        Result<QSslConfiguration> configuration = serverTlsConfiguration(*identity);
        if (!configuration)
            return Error {configuration.error()};
        m_tlsConfiguration = *configuration;
        appendLog(tr("TLS clients must trust %1").arg(ca->certificatePath()));
    }
    return m_tlsConfiguration;
}

Status TestServerPanel::startXmlRpc()
{
    Result<std::optional<QSslConfiguration>> tls = tlsChoice();
    if (!tls)
        return Error {tls.error()};
    if (Status set = m_xmlrpc->setTls(*tls); !set)
        return set;
    Status s = m_xmlrpc->listen(QHostAddress::LocalHost, quint16(m_xmlrpcPort->value()));
    if (s)
        appendLog(tr("XML-RPC server listening at %1").arg(m_xmlrpc->url()));
    updateState();
    return s;
}

Status TestServerPanel::startPyro()
{
    Result<std::optional<QSslConfiguration>> tls = tlsChoice();
    if (!tls)
        return Error {tls.error()};
    if (Status set = m_pyro->setTls(*tls); !set)
        return set;
    Status s = m_pyro->listen(QHostAddress::LocalHost, quint16(m_pyroPort->value()));
    if (s)
        appendLog(
            tr("Pyro4 daemon listening at %1%2").arg(m_pyro->uri(), m_pyro->usesTls() ? tr(" (TLS)") : QString()));
    updateState();
    return s;
}

void TestServerPanel::stopXmlRpc()
{
    m_xmlrpc->close();
    appendLog(tr("XML-RPC server stopped"));
    updateState();
}

void TestServerPanel::stopPyro()
{
    m_pyro->close();
    appendLog(tr("Pyro4 daemon stopped"));
    updateState();
}

void TestServerPanel::served(const Call& call)
{
    appendLog(callSummary(call, 200));
    // Each server numbers its own calls and connections; in the call list they must not collide with each other
    // or with calls already there (the store treats a known id as an update of that row).
    Call listed = call;
    const quint64 lastListed = m_store.size() > 0 ? m_store.record(m_store.size() - 1).id : 0;
    m_lastId = std::max(m_lastId, lastListed) + 1;
    listed.id = m_lastId;
    if (call.protocol == QLatin1String("pyro4"))
        listed.connectionId |= Q_UINT64_C(1) << 40;
    m_store.appendCalls({listed});
}

void TestServerPanel::appendLog(const QString& line)
{
    m_log->appendPlainText(
        QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void TestServerPanel::updateState()
{
    const bool x = m_xmlrpc->isListening();
    const bool p = m_pyro->isListening();
    m_xmlrpcButton->setText(x ? tr("Stop") : tr("Start"));
    m_pyroButton->setText(p ? tr("Stop") : tr("Start"));
    m_xmlrpcPort->setEnabled(!x);
    m_pyroPort->setEnabled(!p);
    m_tls->setEnabled(!x && !p);
    m_xmlrpcAddress->setText(x ? m_xmlrpc->url() : tr("stopped"));
    m_pyroAddress->setText(p ? m_pyro->uri() + QStringLiteral("  (also example.calculator, Pyro.Daemon)")
                             : tr("stopped"));
    Q_EMIT stateChanged();
}

} // namespace rpcscope
