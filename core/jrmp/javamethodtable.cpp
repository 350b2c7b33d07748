#include "javamethodtable.h"

#include "javamethodhash.h"

#include <QFile>
#include <QSet>

namespace rpcscope {

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isIdentifierPart(QChar c)
{
    return isIdentifierStart(c) || c.isDigit();
}

bool isIdentifier(QStringView s)
{
    if (s.isEmpty() || !isIdentifierStart(s.front()))
        return false;
    for (QChar c : s) {
        if (!isIdentifierPart(c))
            return false;
    }
    return true;
}

// A method name as the JVM allows it (JVM spec §4.2.2): not empty, none of . ; [ / < > (which also excludes
// <init> and <clinit>).
bool isMethodName(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (c == QLatin1Char('.') || c == QLatin1Char(';') || c == QLatin1Char('[') || c == QLatin1Char('/')
            || c == QLatin1Char('<') || c == QLatin1Char('>'))
            return false;
    }
    return true;
}

const QSet<QString>& modifiers()
{
    static const QSet<QString> set {QStringLiteral("public"),  QStringLiteral("protected"),
                                    QStringLiteral("private"), QStringLiteral("abstract"),
                                    QStringLiteral("static"),  QStringLiteral("final"),
                                    QStringLiteral("default"), QStringLiteral("synchronized"),
                                    QStringLiteral("native"),  QStringLiteral("strictfp")};
    return set;
}

// java.lang classes that may be written without their package, as in Java source.
const QSet<QString>& javaLangNames()
{
    static const QSet<QString> set {QStringLiteral("Object"),
                                    QStringLiteral("String"),
                                    QStringLiteral("Integer"),
                                    QStringLiteral("Long"),
                                    QStringLiteral("Short"),
                                    QStringLiteral("Byte"),
                                    QStringLiteral("Character"),
                                    QStringLiteral("Boolean"),
                                    QStringLiteral("Float"),
                                    QStringLiteral("Double"),
                                    QStringLiteral("Number"),
                                    QStringLiteral("Void"),
                                    QStringLiteral("Class"),
                                    QStringLiteral("Enum"),
                                    QStringLiteral("Throwable"),
                                    QStringLiteral("Exception"),
                                    QStringLiteral("RuntimeException"),
                                    QStringLiteral("Error"),
                                    QStringLiteral("CharSequence"),
                                    QStringLiteral("Iterable"),
                                    QStringLiteral("Comparable"),
                                    QStringLiteral("StringBuilder"),
                                    QStringLiteral("StringBuffer"),
                                    QStringLiteral("Runnable"),
                                    QStringLiteral("Record")};
    return set;
}

char primitiveCode(QStringView name)
{
    static const struct
    {
        const char* name;
        char code;
    } table[] = {{"boolean", 'Z'}, {"byte", 'B'},  {"char", 'C'},   {"short", 'S'}, {"int", 'I'},
                 {"long", 'J'},    {"float", 'F'}, {"double", 'D'}, {"void", 'V'}};
    for (const auto& e : table) {
        if (name == QLatin1String(e.name))
            return e.code;
    }
    return 0;
}

// Removes generic type arguments ("Map<String, List<Integer>>" -> "Map"); false if the brackets do not balance.
bool eraseGenerics(QString& text)
{
    QString out;
    int depth = 0;
    for (QChar c : text) {
        if (c == QLatin1Char('<')) {
            ++depth;
        } else if (c == QLatin1Char('>')) {
            if (--depth < 0)
                return false;
        } else if (depth == 0) {
            out += c;
        }
    }
    text = out;
    return depth == 0;
}

// Splits at commas that are not inside <...>.
QList<QString> splitTopLevel(QStringView text)
{
    QList<QString> parts;
    int depth = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('<'))
            ++depth;
        else if (c == QLatin1Char('>'))
            --depth;
        else if (c == QLatin1Char(',') && depth == 0) {
            parts << text.mid(start, i - start).toString();
            start = i + 1;
        }
    }
    parts << text.mid(start).toString();
    return parts;
}

// Drops leading modifiers and annotations from a whitespace-separated declaration.
QString stripModifiers(QString text)
{
    while (true) {
        text = text.trimmed();
        const qsizetype space = text.indexOf(QLatin1Char(' '));
        if (space < 0)
            return text;
        const QString word = text.left(space);
        if (!modifiers().contains(word) && !word.startsWith(QLatin1Char('@')))
            return text;
        text = text.mid(space + 1);
    }
}

Result<JavaType> parseType(QString text, bool allowVoid)
{
    const QString original = text.simplified();
    if (!eraseGenerics(text))
        return Error {QStringLiteral("unbalanced <> in type '%1'").arg(original)};
    text.remove(QLatin1Char(' '));
    int dims = 0;
    if (text.endsWith(QLatin1String("..."))) {
        text.chop(3);
        ++dims;
    }
    while (text.endsWith(QLatin1String("[]"))) {
        text.chop(2);
        ++dims;
    }
    if (text.isEmpty())
        return Error {QStringLiteral("missing type")};
    QString descriptor(dims, QLatin1Char('['));
    const char prim = primitiveCode(text);
    if (prim == 'V' && (dims > 0 || !allowVoid))
        return Error {QStringLiteral("'void' is only allowed as a return type")};
    if (prim) {
        descriptor += QLatin1Char(prim);
    } else {
        const QStringList parts = text.split(QLatin1Char('.'));
        for (const QString& part : parts) {
            if (!isIdentifier(part))
                return Error {QStringLiteral("'%1' is not a Java type name").arg(original)};
        }
        const QString className
            = parts.size() == 1 && javaLangNames().contains(text) ? QStringLiteral("java.lang.") + text : text;
        descriptor
            += QLatin1Char('L') + QString(className).replace(QLatin1Char('.'), QLatin1Char('/')) + QLatin1Char(';');
    }
    return JavaType::fromDescriptor(descriptor);
}

// "java.lang.String[]" -> "String[]", as Java source writes java.lang types; others stay qualified.
QString shortName(const QString& name)
{
    static const QString prefix = QStringLiteral("java.lang.");
    if (name.startsWith(prefix) && !QStringView(name).mid(prefix.size()).contains(QLatin1Char('.')))
        return name.mid(prefix.size());
    return name;
}

// "final String[] words" -> "String[]"; "int" stays "int".
QString dropParameterName(QString param)
{
    param = stripModifiers(param.simplified());
    // Normalise spacing so "String []" and "Map<String, Integer>" keep their type together.
    param.replace(QStringLiteral(" ["), QStringLiteral("["));
    param.replace(QStringLiteral(" <"), QStringLiteral("<"));
    param.replace(QStringLiteral(" ..."), QStringLiteral("..."));
    int depth = 0;
    qsizetype lastSpace = -1;
    for (qsizetype i = 0; i < param.size(); ++i) {
        const QChar c = param.at(i);
        if (c == QLatin1Char('<'))
            ++depth;
        else if (c == QLatin1Char('>'))
            --depth;
        else if (c == QLatin1Char(' ') && depth == 0)
            lastSpace = i;
    }
    if (lastSpace > 0 && isIdentifier(QStringView(param).mid(lastSpace + 1)))
        return param.left(lastSpace);
    return param;
}

// Fills in the descriptor, hash and source-form signature from the name, parameters and return type.
void completeMethod(JavaMethod& method)
{
    method.descriptor = QStringLiteral("(");
    QStringList paramNames;
    for (const JavaType& t : method.params) {
        method.descriptor += t.descriptor;
        paramNames << shortName(t.name);
    }
    method.descriptor += QLatin1Char(')') + method.returnType.descriptor;
    method.hash = javaMethodHash(QString(method.name + method.descriptor));
    method.signature = QStringLiteral("%1 %2(%3)")
                           .arg(shortName(method.returnType.name), method.name, paramNames.join(QLatin1String(", ")));
}

} // namespace

Result<JavaMethod> JavaMethodTable::parseSignature(QStringView signature)
{
    QString text = signature.toString().simplified();
    while (text.endsWith(QLatin1Char(';')))
        text.chop(1);
    const qsizetype open = text.indexOf(QLatin1Char('('));
    const qsizetype close = text.lastIndexOf(QLatin1Char(')'));
    if (open < 0 || close < open)
        return Error {QStringLiteral("expected 'ReturnType name(ParamType, ...)'")};
    const QString after = text.mid(close + 1).trimmed();
    if (!after.isEmpty() && !after.startsWith(QLatin1String("throws ")))
        return Error {QStringLiteral("unexpected text after the parameter list: '%1'").arg(after)};

    const QString head = stripModifiers(text.left(open).trimmed());
    if (head.startsWith(QLatin1Char('<')))
        return Error {QStringLiteral("generic methods are not supported: write the erased types instead")};
    qsizetype nameStart = head.size();
    while (nameStart > 0 && isIdentifierPart(head.at(nameStart - 1)))
        --nameStart;
    const QString name = head.mid(nameStart);
    if (!isIdentifier(name))
        return Error {QStringLiteral("missing method name before '('")};
    const QString returnText = head.left(nameStart).trimmed();
    if (returnText.isEmpty())
        return Error {QStringLiteral("missing return type before '%1'").arg(name)};
    Result<JavaType> returnType = parseType(returnText, true);
    if (!returnType)
        return Error {QStringLiteral("return type: %1").arg(returnType.error())};

    JavaMethod method;
    method.name = name;
    method.returnType = *returnType;
    const QString paramText = text.mid(open + 1, close - open - 1).trimmed();
    if (!paramText.isEmpty()) {
        const QList<QString> params = splitTopLevel(paramText);
        for (qsizetype i = 0; i < params.size(); ++i) {
            Result<JavaType> type = parseType(dropParameterName(params[i]), false);
            if (!type)
                return Error {QStringLiteral("parameter %1: %2").arg(i + 1).arg(type.error())};
            method.params.push_back(*type);
        }
    }
    completeMethod(method);
    return method;
}

Result<JavaMethod> JavaMethodTable::fromDescriptor(const QString& declaringClass, const QString& name,
                                                   const QString& descriptor)
{
    std::vector<QString> params;
    QString returnType;
    if (!isMethodName(name))
        return Error {QStringLiteral("'%1' is not a JVM method name").arg(name)};
    if (!javatype::splitMethodDescriptor(descriptor, params, returnType))
        return Error {QStringLiteral("'%1' is not a JVM method descriptor").arg(descriptor)};
    JavaMethod method;
    method.name = name;
    method.declaringClass = declaringClass;
    for (const QString& p : params)
        method.params.push_back(JavaType::fromDescriptor(p));
    method.returnType = JavaType::fromDescriptor(returnType);
    completeMethod(method);
    return method;
}

std::shared_ptr<const JavaMethodTable> JavaMethodTable::fromMethods(std::vector<JavaMethod> methods,
                                                                    QHash<QString, QStringList> classInterfaces)
{
    auto table = std::make_shared<JavaMethodTable>();
    table->m_classInterfaces = std::move(classInterfaces);
    table->m_methods.reserve(methods.size());
    for (JavaMethod& m : methods) {
        if (table->m_byHash.contains(m.hash))
            continue;
        table->m_byHash.insert(m.hash, static_cast<int>(table->m_methods.size()));
        table->m_methods.push_back(std::move(m));
    }
    return table;
}

Result<std::shared_ptr<const JavaMethodTable>> JavaMethodTable::fromText(QStringView text, const QString& source)
{
    auto table = std::make_shared<JavaMethodTable>();
    int lineNumber = 0;
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        ++lineNumber;
        qsizetype comment = line.indexOf(QLatin1Char('#'));
        const qsizetype slashes = line.indexOf(QLatin1String("//"));
        if (slashes >= 0 && (comment < 0 || slashes < comment))
            comment = slashes;
        if (comment >= 0)
            line = line.left(comment);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        Result<JavaMethod> method = parseSignature(line);
        if (!method)
            return Error {QStringLiteral("%1:%2: %3").arg(source).arg(lineNumber).arg(method.error())};
        method->line = lineNumber;
        if (table->m_byHash.contains(method->hash))
            continue; // the same signature twice
        table->m_byHash.insert(method->hash, static_cast<int>(table->m_methods.size()));
        table->m_methods.push_back(std::move(*method));
    }
    return std::shared_ptr<const JavaMethodTable>(std::move(table));
}

Result<std::shared_ptr<const JavaMethodTable>> JavaMethodTable::fromFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {QStringLiteral("cannot read Java signatures from %1: %2").arg(path, file.errorString())};
    // A signatures file is a few lines; anything huge is a wrong file, not a table.
    constexpr qint64 kMaxSize = 16 * 1024 * 1024;
    if (file.size() > kMaxSize)
        return Error {QStringLiteral("%1 is too large to be a Java signatures file").arg(path)};
    return fromText(QString::fromUtf8(file.readAll()), path);
}

std::shared_ptr<const JavaMethodTable> JavaMethodTable::merge(const JavaMethodTable* first,
                                                              const JavaMethodTable* second)
{
    std::vector<JavaMethod> methods;
    QHash<QString, QStringList> classInterfaces;
    for (const JavaMethodTable* t : {second, first}) {
        if (!t)
            continue;
        for (auto it = t->m_classInterfaces.cbegin(); it != t->m_classInterfaces.cend(); ++it)
            classInterfaces.insert(it.key(), it.value());
    }
    for (const JavaMethodTable* t : {first, second}) {
        if (t)
            methods.insert(methods.end(), t->m_methods.begin(), t->m_methods.end());
    }
    return fromMethods(std::move(methods), std::move(classInterfaces));
}

const JavaMethod* JavaMethodTable::find(qint64 hash) const
{
    const auto it = m_byHash.constFind(hash);
    return it == m_byHash.cend() ? nullptr : &m_methods[*it];
}

} // namespace rpcscope
