#pragma once

#include <Qt>

#include <vector>

namespace rpcscope {

class CallStore;

/// Orders `rows` (rows of `store`) by the call list's `column` (a CallListModel::Column) in `order`: numbers by
/// value, texts in natural order (case-insensitive, digit runs as numbers), calls without a reply after the others
/// in both directions on the latency column, and calls with equal keys by ascending call id.
void sortCallRows(const CallStore& store, std::vector<int>& rows, int column, Qt::SortOrder order);

} // namespace rpcscope
