#include "statisticspanel.h"

#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "models/methodstatsmodel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace rpcscope {

namespace {

QString msText(double ms)
{
    if (ms >= 100)
        return QString::number(ms, 'f', 0);
    if (ms >= 1)
        return QString::number(ms, 'g', 3);
    return QString::number(ms, 'g', 2);
}

QString errorsText(int errors)
{
    return errors == 1 ? StatisticsPanel::tr("1 error")
                       : StatisticsPanel::tr("%1 errors").arg(QLocale::system().toString(errors));
}

} // namespace

StatisticsPanel::StatisticsPanel(CallListModel* calls, QWidget* parent)
    : QWidget(parent)
    , m_calls(calls)
    , m_model(new MethodStatsModel(this))
    , m_totals(new QLabel(this))
    , m_table(new QTableView(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_delay(new QTimer(this))
{
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(MethodStatsModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MethodStatsModel::CountColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setWordWrap(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(MethodStatsModel::MethodColumn, QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Calls per method"));

    m_totals->setWordWrap(true);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chart->legend()->hide();
    m_chart->setTitle(tr("Latency histogram"));
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(260, 160);

    // Table and histogram side by side: the panel docks below the window, where width is plentiful.
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_chartView);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_totals);
    layout->addWidget(split, 1);

    m_delay->setSingleShot(true);
    m_delay->setInterval(200);
    connect(m_delay, &QTimer::timeout, this, &StatisticsPanel::recompute);
    connect(calls, &CallListModel::visibleCallsChanged, this, [this] {
        m_stale = true;
        if (isVisible())
            m_delay->start();
    });
    recompute();
}

const CallStatistics& StatisticsPanel::statistics() const
{
    return m_model->statistics();
}

void StatisticsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        recompute();
}

void StatisticsPanel::recompute()
{
    m_delay->stop();
    m_stale = false;
    // About the square root of the count in bins: a handful for a few calls, at most 30 for many.
    const std::size_t shown = m_calls->visibleStoreRows().size();
    const int bins = std::clamp(int(std::ceil(std::sqrt(double(shown)))), 5, 30);
    m_model->setStatistics(CallStatistics::compute(*m_calls->store(), m_calls->visibleStoreRows(), bins));
    const LatencySummary& t = statistics().total();
    const QLocale locale = QLocale::system();
    if (t.count == 0) {
        m_totals->setText(tr("No calls shown."));
    } else if (t.withLatency == 0) {
        m_totals->setText(
            tr("%1 calls shown, %2; none with a reply.").arg(locale.toString(t.count), errorsText(t.errors)));
    } else {
        m_totals->setText(
            tr("%1 calls shown, %2. Latency: min %3, median %4, p95 %5, max %6.")
                .arg(locale.toString(t.count), errorsText(t.errors), MethodStatsModel::latencyText(t.min, true),
                     MethodStatsModel::latencyText(t.median, true), MethodStatsModel::latencyText(t.p95, true),
                     MethodStatsModel::latencyText(t.max, true)));
    }
    updateChart();
}

void StatisticsPanel::updateChart()
{
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis; // removeAxis() gives the axis back to us, unlike removeAllSeries(), which deletes
    }
    const LatencyHistogram& h = statistics().histogram();
    if (h.counts.empty())
        return;
    auto* set = new QBarSet(tr("calls"));
    set->setColor(palette().color(QPalette::Highlight));
    set->setBorderColor(palette().color(QPalette::Highlight).darker(130));
    QStringList labels;
    int peak = 0;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        *set << h.counts[i];
        peak = std::max(peak, h.counts[i]);
        labels << msText(h.start + h.binWidth * double(i));
    }
    if (h.overflow > 0) {
        *set << h.overflow;
        peak = std::max(peak, h.overflow);
        labels << QStringLiteral("≥%1").arg(msText(h.end()));
    }
    auto* series = new QBarSeries;
    series->setBarWidth(0.95);
    series->append(set);
    m_chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(labels);
    x->setTitleText(tr("latency from (ms)"));
    auto* y = new QValueAxis;
    // Whole numbers of calls only: ticks every 1, 2, 5, 10… calls.
    const double interval = std::max(1.0, CallStatistics::niceWidth(peak / 4.0));
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(interval);
    y->setRange(0, std::ceil(std::max(1, peak) / interval) * interval);
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTitleText(tr("calls"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    // Follow the application's palette rather than a chart theme.
    const QPalette& pal = palette();
    m_chart->setBackgroundBrush(pal.color(QPalette::Base));
    m_chart->setTitleBrush(pal.color(QPalette::Text));
    for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)}) {
        axis->setLabelsBrush(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
    }
    x->setLabelsAngle(h.counts.size() > 12 ? -60 : 0);
}

void StatisticsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateChart();
}

} // namespace rpcscope
