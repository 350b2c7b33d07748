#include "composerpanel.h"

#include "client/callexchange.h"
#include "client/callrepeater.h"
#include "client/copyas.h"
#include "decoderregistry.h"
#include "models/decodetreemodel.h"
#include "pyro/serpentparser.h"
#include "pyronamepicker.h"
#include "tlsverifychooser.h"
#include "valuetreeeditor.h"
#include "xmlrpc/xmlrpcreader.h"
#include "xmlrpc/xmlrpcwriter.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

void addValueItems(QTreeWidgetItem* parent, QTreeWidget* tree, const QString& name, const RpcValue& value)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, name);
    item->setText(1, value.typeName());
    if (value.isArray()) {
        item->setText(2, QObject::tr("%n item(s)", nullptr, int(value.toArray().size())));
        int i = 0;
        for (const RpcValue& v : value.toArray())
            addValueItems(item, tree, QStringLiteral("[%1]").arg(i++), v);
    } else if (value.isStruct()) {
        item->setText(2, QObject::tr("%n member(s)", nullptr, int(value.toStruct().size())));
        for (const RpcMember& m : value.toStruct())
            addValueItems(item, tree, m.first, m.second);
    } else {
        item->setText(2, value.toDisplayString(2000));
    }
}

} // namespace

ComposerPanel::ComposerPanel(QWidget* parent)
    : QWidget(parent)
    , m_endpoint(new QLineEdit(this))
    , m_pyroNames(new PyroNamePicker(this))
    , m_method(new QComboBox(this))
    , m_refresh(new QPushButton(tr("Methods"), this))
    , m_serializer(new QComboBox(this))
    , m_pyroTls(new QCheckBox(tr("Pyro over TLS"), this))
    , m_tls(new TlsVerifyChooser(this))
    , m_timeout(new QSpinBox(this))
    , m_methodInfo(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_params(new ValueTreeEditor(this))
    , m_rawXml(new QPlainTextEdit(this))
    , m_rawStatus(new QLabel(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_replay(new QPushButton(tr("Replay"), this))
    , m_replayCount(new QSpinBox(this))
    , m_copy(new QPushButton(tr("Copy as"), this))
    , m_status(new QLabel(this))
    , m_response(new QTreeWidget(this))
    , m_history(new QListWidget(this))
    , m_repeater(new CallRepeater(this))
    , m_saved(new QComboBox(this))
    , m_literal(new QLineEdit(this))
    , m_registry(std::make_unique<DecoderRegistry>(DecoderRegistry::withBuiltins()))
    , m_decodeModel(new DecodeTreeModel(this))
    , m_decodeView(new QTreeView(this))
{
    m_decodeView->setModel(m_decodeModel);
    m_endpoint->setPlaceholderText(
        tr("http://127.0.0.1:8080/RPC2, PYRO:example.greeting@127.0.0.1:9090 or PYRONAME:example.greeting"));
    m_method->setEditable(true);
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_refresh->setToolTip(tr("Ask the server for its methods (system.listMethods, or the Pyro metadata)"));
    m_serializer->addItems(
        {QStringLiteral("serpent"), QStringLiteral("json"), QStringLiteral("marshal"), QStringLiteral("msgpack")});
    m_serializer->setItemData(3, tr("Pyro5 only"), Qt::ToolTipRole);
    m_timeout->setRange(100, 600000);
    m_timeout->setValue(10000);
    m_timeout->setSuffix(tr(" ms"));
    m_methodInfo->setWordWrap(true);
    m_methodInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_replayCount->setRange(1, 100000);
    m_replayCount->setValue(10);
    m_replayCount->setPrefix(tr("× "));
    m_rawStatus->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_response->setHeaderLabels({tr("Name"), tr("Type"), tr("Value")});
    m_response->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    auto* methodRow = new QHBoxLayout;
    methodRow->addWidget(m_method, 1);
    methodRow->addWidget(m_refresh);
    auto* form = new QFormLayout;
    form->addRow(tr("Endpoint"), m_endpoint);
    form->addRow(tr("Pyro names"), m_pyroNames);
    form->addRow(tr("Method"), methodRow);
    form->addRow(tr("Serializer"), m_serializer);
    auto* tlsRow = new QHBoxLayout;
    tlsRow->addWidget(m_pyroTls);
    tlsRow->addWidget(m_tls, 1);
    m_pyroTls->setToolTip(tr("Connect to the PYRO: URI with TLS (Pyro's SSL); https URLs always use TLS"));
    form->addRow(tr("TLS"), tlsRow);
    form->addRow(tr("Timeout"), m_timeout);

    auto* paramsPage = new QWidget(this);
    auto* paramsLayout = new QVBoxLayout(paramsPage);
    paramsLayout->setContentsMargins(0, 0, 0, 0);
    auto* paramButtons = new QHBoxLayout;
    auto* addButton = new QPushButton(tr("Add"), paramsPage);
    auto* addMenu = new QMenu(addButton);
    for (const QString& type : ValueTreeEditor::typeNames()) {
        addMenu->addAction(type, this, [this, type] { m_params->addValue(m_params->currentItem(), type); });
    }
    addButton->setMenu(addMenu);
    auto* removeButton = new QPushButton(tr("Remove"), paramsPage);
    connect(removeButton, &QPushButton::clicked, m_params, &ValueTreeEditor::removeCurrent);
    paramButtons->addWidget(addButton);
    paramButtons->addWidget(removeButton);
    paramButtons->addStretch();
    m_literal->setPlaceholderText(tr("Arguments as a Python literal, e.g. 'letian', [1, 2.5] (Enter applies)"));
    connect(m_literal, &QLineEdit::returnPressed, this, [this] {
        if (Status s = setArgumentsLiteral(m_literal->text()); !s)
            m_status->setText(s.error());
    });
    paramsLayout->addWidget(m_literal);
    paramsLayout->addWidget(m_params);
    paramsLayout->addLayout(paramButtons);

    auto* rawPage = new QWidget(this);
    auto* rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->addWidget(m_rawXml);
    rawLayout->addWidget(m_rawStatus);
    m_tabs->addTab(paramsPage, tr("Parameters"));
    m_tabs->addTab(rawPage, tr("Raw XML"));

    auto* copyMenu = new QMenu(m_copy);
    copyMenu->addAction(tr("curl"), this, [this] { copyAs(0); });
    copyMenu->addAction(tr("Python xmlrpc.client"), this, [this] { copyAs(1); });
    copyMenu->addAction(tr("Python Pyro4"), this, [this] { copyAs(2); });
    copyMenu->addAction(tr("Raw HTTP"), this, [this] { copyAs(3); });
    m_copy->setMenu(copyMenu);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_send);
    actions->addWidget(m_replay);
    actions->addWidget(m_replayCount);
    actions->addStretch();
    actions->addWidget(m_copy);
    auto* collectionRow = new QHBoxLayout;
    auto* saveButton = new QPushButton(tr("Save…"), this);
    saveButton->setToolTip(tr("Save the composed request under a name in the collection file"));
    m_saved->setPlaceholderText(tr("Saved requests"));
    collectionRow->addWidget(m_saved, 1);
    collectionRow->addWidget(saveButton);
    connect(saveButton, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save Request"), tr("Name:"), QLineEdit::Normal,
                                                   m_method->currentText(), &ok);
        if (!ok || name.trimmed().isEmpty())
            return;
        if (Status s = saveToCollection(name.trimmed()); !s)
            m_status->setText(s.error());
    });
    connect(m_saved, &QComboBox::textActivated, this, &ComposerPanel::loadFromCollection);

    auto* requestBox = new QWidget(this);
    auto* requestLayout = new QVBoxLayout(requestBox);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->addLayout(collectionRow);
    requestLayout->addLayout(form);
    requestLayout->addWidget(m_methodInfo);
    requestLayout->addWidget(m_tabs, 1);
    requestLayout->addLayout(actions);

    auto* responseBox = new QWidget(this);
    auto* responseLayout = new QVBoxLayout(responseBox);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    responseLayout->addWidget(m_status);
    auto* responseTabs = new QTabWidget(this);
    responseTabs->addTab(m_response, tr("Result"));
    responseTabs->addTab(m_decodeView, tr("Decoded reply"));
    responseLayout->addWidget(responseTabs, 1);
    responseLayout->addWidget(new QLabel(tr("History"), this));
    responseLayout->addWidget(m_history);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(requestBox);
    splitter->addWidget(responseBox);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_endpoint, &QLineEdit::textChanged, this, &ComposerPanel::updateMode);
    connect(m_pyroNames, &PyroNamePicker::nameChosen, m_endpoint, &QLineEdit::setText);
    connect(m_pyroTls, &QCheckBox::toggled, this, &ComposerPanel::updateMode);
    connect(m_method, &QComboBox::currentTextChanged, this, [this] {
        treeEdited();
        methodChosen();
    });
    connect(m_params, &ValueTreeEditor::paramsEdited, this, &ComposerPanel::treeEdited);
    connect(m_rawXml, &QPlainTextEdit::textChanged, this, &ComposerPanel::rawXmlEdited);
    connect(m_send, &QPushButton::clicked, this, &ComposerPanel::send);
    connect(m_replay, &QPushButton::clicked, this, [this] { replay(m_replayCount->value()); });
    connect(m_refresh, &QPushButton::clicked, this, &ComposerPanel::refreshMethods);
    connect(m_history, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const int row = m_history->row(item);
        if (row >= 0 && size_t(row) < m_historyCalls.size())
            load(m_historyCalls[size_t(row)]);
    });
    connect(m_repeater, &CallRepeater::progress, this, [this](int done, int total, const CallOutcome&) {
        m_status->setText(tr("Replaying: %1 of %2").arg(done).arg(total));
    });
    connect(m_repeater, &CallRepeater::finished, this, [this](const ReplaySummary& summary) {
        m_status->setText(tr("Replay: %1").arg(summary.toText()));
        m_send->setEnabled(true);
        m_replay->setEnabled(true);
        Q_EMIT replayFinished(summary.toText());
    });
    updateMode();
    treeEdited();
    setCollectionPath(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                      + QStringLiteral("/collection.json"));
}

ComposerPanel::~ComposerPanel() = default;

Status ComposerPanel::setArgumentsLiteral(const QString& text)
{
    const QString trimmed = text.trimmed();
    // Read as the argument tuple: "a, b" and "(a, b)" both mean two arguments, "x" one.
    const QByteArray tuple = trimmed.isEmpty() ? QByteArray("()") : ("(" + trimmed.toUtf8() + ",)");
    const PyReadResult read = SerpentParser::parse(tuple, 0, DecodeLimits {}, nullptr);
    if (!read.ok())
        return Error {tr("Not a Python literal: %1").arg(read.error)};
    RpcArray args = read.value.toArray();
    // "(a, b)" typed with its parentheses reads as one tuple argument; the user meant the arguments themselves.
    if (trimmed.startsWith(QLatin1Char('(')) && args.size() == 1 && args.front().isArray())
        args = RpcArray(args.front().toArray());
    m_params->setParams(args);
    treeEdited();
    return Done {};
}

void ComposerPanel::setCollectionPath(const QString& path)
{
    m_collectionPath = path;
    reloadCollection();
}

void ComposerPanel::reloadCollection()
{
    m_collection.clear();
    if (QFile::exists(m_collectionPath)) {
        Result<std::vector<NamedCall>> loaded = callcollection::load(m_collectionPath);
        if (loaded)
            m_collection = std::move(*loaded);
        else
            m_status->setText(loaded.error()); // a broken file is reported and left untouched
    }
    m_saved->clear();
    for (const NamedCall& c : m_collection)
        m_saved->addItem(c.name);
    m_saved->setCurrentIndex(-1);
}

Status ComposerPanel::saveToCollection(const QString& name)
{
    Result<ComposedCall> call = composedCall();
    if (!call)
        return Error {call.error()};
    auto same
        = std::find_if(m_collection.begin(), m_collection.end(), [&](const NamedCall& c) { return c.name == name; });
    if (same != m_collection.end())
        same->call = *call;
    else
        m_collection.push_back({name, *call});
    QDir().mkpath(QFileInfo(m_collectionPath).absolutePath());
    if (Status s = callcollection::save(m_collectionPath, m_collection); !s)
        return s;
    reloadCollection();
    m_status->setText(tr("Saved \"%1\" to %2").arg(name, m_collectionPath));
    return Done {};
}

bool ComposerPanel::loadFromCollection(const QString& name)
{
    for (const NamedCall& c : m_collection) {
        if (c.name == name) {
            load(c.call);
            return true;
        }
    }
    return false;
}

void ComposerPanel::updateMode()
{
    const bool pyro = ComposedCall::isPyroEndpoint(m_endpoint->text().trimmed());
    m_serializer->setEnabled(pyro);
    m_tabs->setTabEnabled(1, !pyro);
    m_pyroTls->setEnabled(pyro);
    const bool https = m_endpoint->text().trimmed().startsWith(QLatin1String("https:"), Qt::CaseInsensitive);
    m_tls->setEnabled(pyro ? m_pyroTls->isChecked() : https);
}

void ComposerPanel::load(const ComposedCall& call)
{
    m_syncing = true;
    m_endpoint->setText(call.endpoint);
    m_method->setCurrentText(call.method);
    m_serializer->setCurrentText(call.serializer);
    m_timeout->setValue(call.timeoutMs);
    m_pyroTls->setChecked(call.pyroTls);
    m_tls->setChoice(call.caFile, call.insecure);
    m_params->setParams(call.params);
    m_syncing = false;
    if (!call.rawBody.isEmpty()) {
        m_rawXml->setPlainText(QString::fromUtf8(call.rawBody));
        m_tabs->setCurrentIndex(1);
    } else {
        treeEdited();
    }
    updateMode();
}

void ComposerPanel::treeEdited()
{
    if (m_syncing)
        return;
    Result<RpcArray> params = m_params->params();
    if (!params) {
        m_rawStatus->setText(tr("The parameters are not valid: %1").arg(params.error()));
        return;
    }
    Result<QByteArray> xml = XmlRpcWriter::writeCall(m_method->currentText(), *params);
    if (!xml) {
        m_rawStatus->setText(tr("Cannot write the XML: %1").arg(xml.error()));
        return;
    }
    m_syncing = true;
    m_rawXml->setPlainText(QString::fromUtf8(*xml));
    m_syncing = false;
    m_rawValid = true;
    m_rawStatus->setText(tr("In sync with the parameter tree."));
    m_rawStatus->setStyleSheet(QString());
}

void ComposerPanel::rawXmlEdited()
{
    if (m_syncing)
        return;
    Result<XmlRpcBody> body = XmlRpcReader::parseBody(m_rawXml->toPlainText().toUtf8());
    if (!body || body->kind != XmlRpcBody::Kind::Call) {
        // Keep the text as typed; say what is wrong and leave the tree as it was.
        m_rawValid = false;
        m_rawStatus->setText(body ? tr("Invalid: the XML is not a <methodCall>")
                                  : tr("Invalid XML-RPC: %1").arg(body.error()));
        m_rawStatus->setStyleSheet(QStringLiteral("color: #c0392b"));
        return;
    }
    m_rawValid = true;
    m_rawStatus->setText(tr("Parsed into the parameter tree."));
    m_rawStatus->setStyleSheet(QString());
    m_syncing = true;
    m_method->setCurrentText(body->method);
    m_params->setParams(body->params);
    m_syncing = false;
}

Result<ComposedCall> ComposerPanel::composedCall() const
{
    ComposedCall call;
    call.endpoint = m_endpoint->text().trimmed();
    call.method = m_method->currentText().trimmed();
    call.serializer = m_serializer->currentText();
    call.timeoutMs = m_timeout->value();
    if (call.endpoint.isEmpty())
        return Error {tr("Enter an endpoint: an http(s) URL or a PYRO: URI")};
    applyTls(call);
    if (Status tls = m_tls->check(); call.usesTls() && !tls)
        return Error {tls.error()};
    if (!call.isPyro() && !m_rawValid)
        return Error {tr("The raw XML is not valid XML-RPC; fix it or edit the parameter tree")};
    Result<RpcArray> params = m_params->params();
    if (!params)
        return Error {params.error()};
    call.params = std::move(*params);
    if (call.method.isEmpty())
        return Error {tr("Enter a method")};
    return call;
}

void ComposerPanel::send()
{
    Result<ComposedCall> call = composedCall();
    if (!call) {
        m_status->setText(call.error());
        return;
    }
    addToHistory(*call);
    delete m_exchange;
    m_exchange = CallExchange::create(*call, this);
    m_send->setEnabled(false);
    m_status->setText(tr("Sending…"));
    connect(m_exchange, &CallExchange::finished, this, [this](const CallOutcome& outcome) {
        m_send->setEnabled(true);
        showOutcome(outcome);
        m_exchange->deleteLater();
        m_exchange = nullptr;
        Q_EMIT finished(outcome);
    });
    m_exchange->start();
}

void ComposerPanel::replay(int count)
{
    Result<ComposedCall> call = composedCall();
    if (!call) {
        m_status->setText(call.error());
        return;
    }
    m_send->setEnabled(false);
    m_replay->setEnabled(false);
    m_repeater->start(*call, count);
}

void ComposerPanel::refreshMethods()
{
    ComposedCall call;
    call.endpoint = m_endpoint->text().trimmed();
    call.serializer = m_serializer->currentText();
    call.timeoutMs = m_timeout->value();
    applyTls(call);
    if (!call.isPyro())
        call.method = QStringLiteral("system.listMethods");
    const QString current = m_method->currentText();
    const CallOutcome outcome = CallExchange::run(call);
    if (outcome.kind != CallOutcomeKind::Ok) {
        m_methodInfo->setText(
            tr("Could not list the methods: %1")
                .arg(outcome.error.isEmpty() && outcome.fault ? outcome.fault->message : outcome.error));
        return;
    }
    const RpcValue* list = call.isPyro() ? outcome.metadata.member(u"methods") : &outcome.result;
    QStringList names;
    if (list && list->isArray()) {
        for (const RpcValue& v : list->toArray())
            names << v.toString();
    }
    names.sort();
    m_syncing = true;
    m_method->clear();
    m_method->addItems(names);
    m_method->setCurrentText(current);
    m_syncing = false;
    m_methodInfo->setText(tr("%n method(s) on the server", nullptr, int(names.size())));
}

void ComposerPanel::methodChosen()
{
    if (m_syncing || m_method->count() == 0 || ComposedCall::isPyroEndpoint(m_endpoint->text().trimmed()))
        return;
    const QString method = m_method->currentText();
    if (m_method->findText(method) < 0)
        return; // only look up names the server listed
    ComposedCall call;
    call.endpoint = m_endpoint->text().trimmed();
    call.timeoutMs = 3000;
    applyTls(call);
    call.params = {RpcValue::fromString(method)};
    call.method = QStringLiteral("system.methodSignature");
    const CallOutcome signature = CallExchange::run(call);
    call.method = QStringLiteral("system.methodHelp");
    const CallOutcome help = CallExchange::run(call);
    QStringList info;
    if (signature.kind == CallOutcomeKind::Ok)
        info << tr("Signature: %1").arg(signature.result.toDisplayString(300));
    if (help.kind == CallOutcomeKind::Ok && !help.result.toString().isEmpty())
        info << help.result.toString();
    m_methodInfo->setText(info.join(QLatin1Char('\n')));
}

void ComposerPanel::showOutcome(const CallOutcome& outcome)
{
    m_response->clear();
    QString text = QStringLiteral("%1 · %2 ms").arg(outcomeName(outcome.kind)).arg(outcome.elapsedMs, 0, 'f', 2);
    if (outcome.httpStatus)
        text += QStringLiteral(" · HTTP %1").arg(outcome.httpStatus);
    // Which Pyro answered (Pyro4 after a refused Pyro5 attempt), and where a PYRONAME led.
    const QString fallback = outcome.pyroFellBack ? tr(" (Pyro5 refused)") : QString();
    if (outcome.pyroVersion)
        text += tr(" · Pyro%1%2").arg(outcome.pyroVersion).arg(fallback);
    if (!outcome.resolvedUri.isEmpty())
        text += QStringLiteral(" · ") + outcome.resolvedUri;
    if (!outcome.error.isEmpty())
        text += QStringLiteral(" · ") + outcome.error;
    m_status->setText(text);
    m_status->setStyleSheet(outcome.kind == CallOutcomeKind::Ok ? QString() : QStringLiteral("color: #c0392b"));
    if (outcome.kind == CallOutcomeKind::Ok)
        addValueItems(nullptr, m_response, tr("result"), outcome.result);
    if (outcome.fault) {
        auto* fault = new QTreeWidgetItem(m_response, {tr("fault"), QString(), outcome.fault->message});
        addValueItems(fault, m_response, tr("code"), outcome.fault->code);
        new QTreeWidgetItem(fault, {tr("message"), tr("string"), outcome.fault->message});
        if (!outcome.fault->detail.isEmpty())
            new QTreeWidgetItem(fault, {tr("detail"), tr("string"), outcome.fault->detail});
    }
    if (!outcome.responseHeaders.empty()) {
        auto* headers = new QTreeWidgetItem(m_response, {tr("HTTP headers")});
        for (const auto& [name, value] : outcome.responseHeaders)
            new QTreeWidgetItem(headers, {QString::fromLatin1(name), QString(), QString::fromUtf8(value)});
    }
    m_response->expandToDepth(1);

    // The reply as the inspector shows captured ones: decoded again from its bytes, with the tree.
    std::shared_ptr<const DecodedMessage> decoded;
    if (outcome.response && outcome.response->size() > 0) {
        if (const ProtocolDecoder* decoder = m_registry->find(outcome.response->protocol)) {
            DecodeOptions options;
            DecodeContext context;
            context.direction = Direction::ServerToClient;
            context.request = outcome.request.get();
            context.options = &options;
            decoded = std::make_shared<DecodedMessage>(decoder->decode(outcome.response->bytes(), context));
        }
    }
    m_decodeModel->setMessage(decoded);
    m_decodeView->expandToDepth(1);
}

void ComposerPanel::applyTls(ComposedCall& call) const
{
    call.pyroTls = call.isPyro() && m_pyroTls->isChecked();
    call.insecure = false;
    call.caFile.clear();
    if (!call.usesTls())
        return;
    call.insecure = m_tls->mode() == TlsVerifyChooser::Mode::Insecure;
    if (m_tls->mode() == TlsVerifyChooser::Mode::CaFile)
        call.caFile = m_tls->caFile();
}

void ComposerPanel::copyAs(int kind)
{
    Result<ComposedCall> call = composedCall();
    if (!call) {
        m_status->setText(call.error());
        return;
    }
    Result<QString> text = kind == 0 ? copyas::curl(*call)
        : kind == 1                  ? copyas::pythonXmlRpc(*call)
        : kind == 2                  ? copyas::pythonPyro4(*call)
                                     : copyas::rawHttp(*call);
    if (!text) {
        m_status->setText(text.error());
        return;
    }
    QApplication::clipboard()->setText(*text);
    m_status->setText(tr("Copied."));
}

void ComposerPanel::addToHistory(const ComposedCall& call)
{
    m_historyCalls.insert(m_historyCalls.begin(), call);
    m_history->insertItem(0, QStringLiteral("%1  %2").arg(call.method, call.endpoint));
    constexpr int kHistoryLength = 100;
    while (m_history->count() > kHistoryLength) {
        delete m_history->takeItem(m_history->count() - 1);
        m_historyCalls.pop_back();
    }
}

} // namespace rpcscope
