#pragma once

#include <QString>
#include <QStringView>

namespace rpcscope {

/// The literal text every match of `pattern` starts the subject with, when the pattern is anchored by a `^` at its
/// very start (PCRE2 syntax as QRegularExpression takes it, without the multiline option): `^get_` gives "get_",
/// `^\[9,` gives "[9,", `^ab?c` gives "a". Only plain ASCII characters (escaped punctuation included) are taken,
/// up to the first element that is anything else; a pattern with a `|` anywhere gives nothing, as an alternation
/// could lift the anchor. Lets a filter refuse most texts without running the expression.
QString anchoredLiteralPrefix(const QString& pattern);

/// False when `text` cannot match a case-insensitive expression whose anchoredLiteralPrefix() is `prefix`; true
/// when it may (the expression decides). A non-ASCII character of `text` in the prefix's span is left to the
/// expression, since Unicode case folding pairs some of them with ASCII letters (U+212A KELVIN SIGN with 'k').
bool mayMatchAnchoredPrefix(QStringView text, QStringView prefix);

} // namespace rpcscope
