#pragma once

#include "models/callstatistics.h"

#include <QWidget>

class QLabel;
class QTableView;
class QTimer;

class QChart;
class QChartView;

namespace rpcscope {

class CallListModel;
class MethodStatsModel;

/// Statistics of the calls the filter shows: a line of totals, a table per method (count, errors, min, median,
/// p95, max latency) and a latency histogram. It follows the call list, recomputing shortly after the visible set
/// changes and only while it is visible.
class StatisticsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StatisticsPanel(CallListModel* calls, QWidget* parent = nullptr);

    const CallStatistics& statistics() const;
    MethodStatsModel* methodModel() const { return m_model; }
    /// Recomputes now (tests, and when the panel is shown).
    void recompute();
    QSize sizeHint() const override { return {900, 260}; }

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateChart();

    CallListModel* m_calls;
    MethodStatsModel* m_model;
    QLabel* m_totals;
    QTableView* m_table;
    QChart* m_chart;
    QChartView* m_chartView;
    QTimer* m_delay;
    bool m_stale = true;
};

} // namespace rpcscope
