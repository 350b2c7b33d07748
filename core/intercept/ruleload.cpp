#include "ruleload.h"

#include "decoderregistry.h"
#include "intercept/protocolactions.h"

#include <QFile>

namespace rpcscope {

std::vector<CallFilter::ProtocolName> filterProtocols(const DecoderRegistry& registry)
{
    std::vector<CallFilter::ProtocolName> names;
    for (const auto& decoder : registry.decoders())
        names.push_back({decoder->id(), decoder->displayName()});
    return names;
}

QString ruleProtocol(const CallRule& rule)
{
    for (const CallFilter::Term& term : rule.filter.terms()) {
        if (term.field == CallFilter::Field::Protocol && !term.negated)
            return term.value;
    }
    return {};
}

namespace {

QString where(const CallRule& rule, const QString& source)
{
    return rule.line > 0 ? QStringLiteral("%1:%2").arg(source).arg(rule.line) : source;
}

Status checkRule(const CallRule& rule, const QString& source, const DecoderRegistry& registry)
{
    const QString protocol = ruleProtocol(rule);
    if (protocol.isEmpty())
        return Done {};
    const ProtocolDecoder* decoder = registry.find(protocol);
    const QString name = decoder ? decoder->displayName() : protocol;
    const ProtocolActions* actions = ProtocolActions::forProtocol(protocol);
    if (!actions) {
        if (rule.action.kind == RuleAction::Kind::Delay || rule.action.kind == RuleAction::Kind::Drop
            || rule.action.kind == RuleAction::Kind::Reset)
            return Done {};
        return Error {QStringLiteral("%1: rule '%2' cannot act on %3 calls: RpcScope does not write %3 messages")
                          .arg(where(rule, source), rule.text, name)};
    }
    if (Status ok = actions->check(rule.action); !ok)
        return Error {QStringLiteral("%1: rule '%2' cannot act on %3 calls: %4")
                          .arg(where(rule, source), rule.text, name, ok.error())};
    return Done {};
}

} // namespace

Result<std::vector<CallRule>> loadCallRules(const QStringList& rules, const QStringList& files,
                                            const DecoderRegistry& registry)
{
    const std::vector<CallFilter::ProtocolName> protocols = filterProtocols(registry);
    std::vector<CallRule> loaded;
    for (const QString& text : rules) {
        RuleError error;
        std::optional<CallRule> rule = parseCallRule(text, error, protocols);
        if (!rule)
            return Error {QStringLiteral("--rule %1").arg(error.describe())};
        if (Status ok = checkRule(*rule, QStringLiteral("--rule"), registry); !ok)
            return Error {ok.error()};
        loaded.push_back(std::move(*rule));
    }
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return Error {QStringLiteral("cannot read the rules file %1: %2").arg(path, file.errorString())};
        RuleError error;
        std::optional<std::vector<CallRule>> parsed
            = parseCallRules(QString::fromUtf8(file.readAll()), error, protocols);
        if (!parsed)
            return Error {error.describe(path)};
        for (CallRule& rule : *parsed) {
            if (Status ok = checkRule(rule, path, registry); !ok)
                return Error {ok.error()};
            loaded.push_back(std::move(rule));
        }
    }
    return loaded;
}

QStringList ruleWarnings(const std::vector<CallRule>& rules, const DecoderRegistry& registry)
{
    QStringList warnings;
    for (const CallRule& rule : rules) {
        if (!ruleProtocol(rule).isEmpty())
            continue;
        for (const auto& decoder : registry.decoders()) {
            const ProtocolActions* actions = ProtocolActions::forProtocol(decoder->id());
            if (!actions)
                continue;
            if (Status ok = actions->check(rule.action); !ok)
                warnings << QStringLiteral("note: rule '%1' cannot act on %2 calls (%3); they will pass unchanged")
                                .arg(rule.text, decoder->displayName(), ok.error());
        }
    }
    return warnings;
}

} // namespace rpcscope
