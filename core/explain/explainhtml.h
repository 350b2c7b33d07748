#pragma once

#include "messagespans.h"

#include <QString>

#include <vector>

namespace rpcscope {

/// One self-contained HTML page for one message (`rpcscope-cli explain --format html`, File → Export Message as
/// HTML…): the hex and text columns coloured by field with the window's colours and a legend, the tree with its
/// descriptions, and a table of every span; hovering a byte highlights its field in the tree and the other way
/// round. No external script, style, font or image; prints on A4.
QString explanationHtml(const DecodedMessage& message, const MessageExplanation& explanation, const QString& title,
                        const QString& subtitle);

/// One step of a printed tour: what it says and the node (of `message`) whose bytes it is about.
struct HandoutStep
{
    QString title;
    QString text;
    const DecodedMessage* message = nullptr;
    const DecodeNode* node = nullptr;
};

/// A tour as one printable page (`rpcscope-cli explain --tour NAME`): the intro, then each step with its sentence
/// and the lines of hex that hold its bytes, those bytes in their field's colour and the rest dimmed.
QString handoutHtml(const QString& title, const QString& intro, const std::vector<HandoutStep>& steps);

} // namespace rpcscope
