#include "walkthroughsteps.h"

namespace rpcscope {

namespace {

QString directionName(Direction direction)
{
    return direction == Direction::ClientToServer ? QStringLiteral("request") : QStringLiteral("response");
}

QString shortValue(const QString& value)
{
    QString v = value;
    v.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (v.size() > WalkthroughSteps::kMaxValueChars)
        v = v.left(WalkthroughSteps::kMaxValueChars - 1) + QChar(0x2026);
    return v;
}

// "a string", "an int", "an XML element".
QString article(const QString& word)
{
    static const QString vowels = QStringLiteral("aeiouAEIOU");
    const bool an = !word.isEmpty() && (vowels.contains(word.front()) || word.startsWith(QLatin1String("XML")));
    return an ? QStringLiteral("an") : QStringLiteral("a");
}

QString withFullStop(QString sentence)
{
    sentence = sentence.trimmed();
    if (!sentence.isEmpty() && !sentence.endsWith(QLatin1Char('.')) && !sentence.endsWith(QLatin1Char('!'))
        && !sentence.endsWith(QLatin1Char('?')))
        sentence += QLatin1Char('.');
    return sentence;
}

QString bytesPhrase(const DecodeNode& node)
{
    if (!node.hasBytes())
        return QStringLiteral("It has no bytes of its own: the decoder worked it out from the fields around it.");
    if (node.length == 0)
        return QStringLiteral("It takes no bytes; it sits at offset %1.").arg(node.offset);
    const QString where = node.length == 1
        ? QStringLiteral("the byte at offset %1").arg(node.offset)
        : QStringLiteral("the %1 bytes at offsets %2–%3").arg(node.length).arg(node.offset).arg(node.end() - 1);
    return node.buffer == 0
        ? QStringLiteral("It is %1.").arg(where)
        : QStringLiteral("It is %1 of decoded buffer %2 (not the raw bytes on the wire).").arg(where).arg(node.buffer);
}

void collect(const DecodeNode& node, std::vector<int>& path, const Call& call, Direction direction,
             const QString& label, std::vector<WalkthroughStep>& out)
{
    WalkthroughStep step;
    step.callId = call.id;
    step.direction = direction;
    step.indexPath = path;
    step.title = QStringLiteral("%1 · %2 · %3").arg(label, directionName(direction), node.name);
    step.text = WalkthroughSteps::explain(node, direction, path.empty());
    out.push_back(std::move(step));
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        path.push_back(int(i));
        collect(node.children[i], path, call, direction, label, out);
        path.pop_back();
    }
}

} // namespace

QString WalkthroughSteps::explain(const DecodeNode& node, Direction direction, bool isRoot)
{
    QStringList parts;
    if (isRoot) {
        parts << QStringLiteral("This is the whole %1 as it crossed the wire: %2 bytes, every one of them "
                                "highlighted in the bytes pane.")
                     .arg(directionName(direction))
                     .arg(node.length);
        if (!node.description.isEmpty())
            parts << withFullStop(node.description);
        parts << QStringLiteral("The next steps take its fields one by one, in the order they are written.");
        return parts.join(QLatin1Char(' '));
    }
    parts << describe(node);
    if (!node.children.empty())
        parts << (node.children.size() == 1
                      ? QStringLiteral("It holds one field, shown next.")
                      : QStringLiteral("It holds %1 fields, shown next.").arg(node.children.size()));
    return parts.join(QLatin1Char(' '));
}

QString WalkthroughSteps::describe(const DecodeNode& node)
{
    QStringList parts;
    if (node.error)
        parts << QStringLiteral("“%1” marks a problem the decoder found:").arg(node.name);
    else if (!node.type.isEmpty())
        parts << QStringLiteral("“%1” is %2 %3 field.").arg(node.name, article(node.type), node.type);
    else
        parts << QStringLiteral("“%1” is a field.").arg(node.name);
    if (!node.description.isEmpty())
        parts << withFullStop(node.description);
    parts << bytesPhrase(node);
    if (!node.value.isEmpty())
        parts << QStringLiteral("Here it reads “%1”.").arg(shortValue(node.value));
    return parts.join(QLatin1Char(' '));
}

std::vector<WalkthroughStep> WalkthroughSteps::forCall(const Call& call, const QString& label)
{
    std::vector<WalkthroughStep> steps;
    for (const auto& [message, direction] : {std::pair {&call.request, Direction::ClientToServer},
                                             std::pair {&call.response, Direction::ServerToClient}}) {
        if (!*message || ((*message)->tree.name.isEmpty() && (*message)->tree.children.empty()))
            continue;
        std::vector<int> path;
        collect((*message)->tree, path, call, direction, label, steps);
    }
    return steps;
}

const DecodeNode* WalkthroughSteps::resolve(const DecodeNode& root, const std::vector<int>& indexPath)
{
    const DecodeNode* node = &root;
    for (int i : indexPath) {
        if (i < 0 || std::size_t(i) >= node->children.size())
            return nullptr;
        node = &node->children[std::size_t(i)];
    }
    return node;
}

} // namespace rpcscope
