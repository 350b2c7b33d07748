#include "pyronamepicker.h"

#include "client/callexchange.h"
#include "pyro/pyroprotocol.h"
#include "pyro/pyrouri.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace rpcscope {

PyroNamePicker::PyroNamePicker(QWidget* parent)
    : QWidget(parent)
    , m_nameServer(new QLineEdit(QStringLiteral("127.0.0.1:%1").arg(PyroUri::kNameServerPort), this))
    , m_list(new QPushButton(tr("Names"), this))
    , m_names(new QComboBox(this))
    , m_status(new QLabel(this))
{
    m_nameServer->setToolTip(tr("The Pyro name server (Pyro4 or Pyro5) as HOST:PORT"));
    m_list->setToolTip(tr("Ask the name server for the names registered on it"));
    m_names->setPlaceholderText(tr("Registered names"));
    m_names->setMinimumContentsLength(20);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_nameServer);
    layout->addWidget(m_list);
    layout->addWidget(m_names, 1);
    layout->addWidget(m_status);
    connect(m_list, &QPushButton::clicked, this, &PyroNamePicker::listNames);
    connect(m_nameServer, &QLineEdit::returnPressed, this, &PyroNamePicker::listNames);
    connect(m_names, &QComboBox::activated, this, [this](int index) {
        const QString name = m_names->itemData(index).toString();
        if (!name.isEmpty())
            Q_EMIT nameChosen(QStringLiteral("PYRONAME:%1@%2").arg(name, m_listedFrom));
    });
}

void PyroNamePicker::listNames()
{
    // The name server is an ordinary Pyro object: Pyro.NameServer, whose list() maps each name to its URI text.
    const QString location = m_nameServer->text().trimmed();
    const Result<PyroUri> ns = PyroUri::parse(QStringLiteral("PYRONAME:x@") + location);
    m_names->clear();
    if (!ns || location.isEmpty()) {
        m_status->setText(tr("The name server wants HOST:PORT, not \"%1\"").arg(location));
        return;
    }
    ComposedCall call;
    call.timeoutMs = 5000;
    call.endpoint = PyroUri {false, QString(pyro::kNameServerObject), ns->host, ns->port}.toString();
    call.method = QStringLiteral("list");
    const CallOutcome outcome = CallExchange::run(call);
    if (outcome.kind != CallOutcomeKind::Ok) {
        m_status->setText(tr("Could not list the names: %1")
                              .arg(outcome.error.isEmpty() && outcome.fault ? outcome.fault->message : outcome.error));
        return;
    }
    m_listedFrom = location;
    int count = 0;
    auto add = [&](const QString& name, const RpcValue& uri) {
        if (name == QLatin1String(pyro::kNameServerObject))
            return; // itself: nothing to call by name
        m_names->addItem(QStringLiteral("%1  →  %2").arg(name, uri.toDisplayString(120)), name);
        ++count;
    };
    if (outcome.result.type() == RpcValue::Type::Map) {
        for (const auto& [key, value] : outcome.result.toMap())
            add(key.toDisplayString(200), value);
    } else {
        for (const RpcMember& m : outcome.result.toStruct())
            add(m.first, m.second);
    }
    m_names->setCurrentIndex(-1);
    m_status->setText(tr("%n name(s) on Pyro%1 name server", nullptr, count).arg(outcome.pyroVersion));
}

} // namespace rpcscope
