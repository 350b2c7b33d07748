#pragma once

#include "decodelimits.h"
#include "pyvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// The lexical half of reading serpent text: position, white space and comments, and the scalar literals Python's
/// ast.literal_eval accepts (numbers of every base, floats, complex, str and bytes literals with every escape,
/// adjacent literals joined). SerpentParser builds containers on top of it. Text is kept exactly: U+FEFF and
/// surrogate escapes (`\ud800`) stay in the str; what a QString cannot hold as Python does is noted.
class SerpentScanner
{
public:
    SerpentScanner(QByteArrayView text, qint64 base, const DecodeLimits& limits)
        : m_text(text)
        , m_base(base)
        , m_limits(limits)
    { }

    QByteArrayView text() const { return m_text; }
    qsizetype pos() const { return m_pos; }
    void setPos(qsizetype pos) { m_pos = pos; }
    void advance(qsizetype n = 1) { m_pos += n; }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
    /// Offset of a text position in the tree's buffer.
    qint64 abs(qsizetype pos) const { return m_base + pos; }
    const DecodeLimits& limits() const { return m_limits; }

    /// Skips spaces, comments and backslash-newline continuations.
    void skipSpace();
    bool isStringStart() const;
    bool isNumberStart() const;
    static bool isIdentChar(char c);

    /// `[+|-] number [(+|-) imaginary]`: an int, float or complex.
    bool readSignedNumber(RpcValue& out, DecodeNode* node);
    /// One or more adjacent string literals ('a' "b" is 'ab'); all str or all bytes.
    bool readStrings(RpcValue& out, DecodeNode* node);

    /// Records the first error (malformed text) with an error node at `where`; returns false.
    bool fail(const QString& text, qsizetype pos, DecodeNode* where);
    /// Like fail(), for a limit that stops reading: the value read so far is kept and the message is truncated.
    bool stop(const QString& text, qsizetype pos, DecodeNode* where);
    void finish(PyReadResult& r);
    const QString& error() const { return m_error; }
    qint64 errorOffset() const { return m_errorOffset; }
    PyNotes& notes() { return m_notes; }

private:
    bool readNumber(RpcValue& out, bool& imaginary, DecodeNode* node);
    bool readStringLiteral(QString& text, QByteArray& bytes, bool& isBytes, DecodeNode* node);
    bool readEscape(QString& text, QByteArray& bytes, bool isBytes, DecodeNode* node);
    void appendCode(QString& text, QByteArray& bytes, bool isBytes, char32_t code, qsizetype at);
    void appendRaw(QString& text, QByteArray& bytes, bool isBytes, QByteArrayView part);

    QByteArrayView m_text;
    qint64 m_base;
    const DecodeLimits& m_limits;
    qsizetype m_pos = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
    bool m_stoppedByLimit = false;
    PyNotes m_notes;
};

} // namespace rpcscope
