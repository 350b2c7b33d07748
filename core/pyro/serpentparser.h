#pragma once

#include "decodelimits.h"
#include "pyvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// Reads serpent 1.41 text: a "# serpent utf-8 python3.2" comment line and one Python literal expression, the
/// subset of Python that ast.literal_eval accepts (str and bytes literals with every escape, ints of any size in
/// any base, floats incl. 1e30000 for infinity, complex, None/True/False, tuples, lists, dicts, sets, set(), unary
/// minus, comments). Serpent's conventions are undone: {'data': <base64>, 'encoding': 'base64'} becomes bytes,
/// {'__class__': 'float', 'value': 'nan'} becomes NaN, and dicts naming a "__class__" are tagged with it.
class SerpentParser
{
public:
    /// Parses `text`, whose first byte is at `base` in the tree's buffer. With `tree`, adds a `serpent.header`
    /// node (when present) and a `value` node holding the value's nodes, each with its byte range in the text.
    static PyReadResult parse(QByteArrayView text, qint64 base, const DecodeLimits& limits, DecodeNode* tree);
};

} // namespace rpcscope
