#include "livecapturesession.h"

#include "livecallfeed.h"
#include "models/callstore.h"

#include <QLocale>

namespace rpcscope {

namespace {

quint64 lastStoredId(const CallStore& store)
{
    quint64 id = 0;
    for (int row = 0; row < store.size(); ++row)
        id = std::max(id, store.record(row).id);
    return id;
}

} // namespace

LiveCaptureSession::LiveCaptureSession(CallStore& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_feed(new LiveCallFeed(this))
{
    connect(m_feed, &LiveCallFeed::callsReady, &m_store, &CallStore::appendEntries);
    connect(&m_timer, &QTimer::timeout, this, &LiveCaptureSession::poll);
}

LiveCaptureSession::~LiveCaptureSession()
{
    if (m_capture)
        m_capture->stop();
}

Status LiveCaptureSession::start(const LiveCaptureOptions& given)
{
    stop();
    m_feed->setIdOffset(lastStoredId(m_store));
    // Decoded as the store decodes calls again: the same Java classes, and names of remote objects shared with it.
    LiveCaptureOptions options = given;
    options.decode.javaMethods = m_store.decodeOptions().javaMethods;
    options.decode.objectNames = m_store.decodeOptions().objectNames;
    auto started = LiveCapture::start(options, *m_feed);
    if (!started)
        return Error {started.error()};
    m_capture = std::move(started).value();
    m_interface = options.interfaceName;
    m_timer.start(500);
    Q_EMIT runningChanged(true);
    poll();
    return Done {};
}

void LiveCaptureSession::stop()
{
    if (!m_capture)
        return;
    m_capture->stop();
    m_last = m_capture->stats();
    m_capture.reset();
    m_timer.stop();
    m_feed->flush();
    Q_EMIT statsChanged();
    Q_EMIT runningChanged(false);
}

LiveCaptureStats LiveCaptureSession::stats() const
{
    return m_capture ? m_capture->stats() : m_last;
}

QString LiveCaptureSession::summary() const
{
    const LiveCaptureStats s = stats();
    const QLocale locale;
    QString text = tr("%1: %2 packets · %3 calls · %4 dropped")
                       .arg(m_interface, locale.toString(s.packets), locale.toString(s.calls),
                            locale.toString(s.kernelDrops + s.interfaceDrops));
    if (!s.running)
        text += tr(" (stopped)");
    return text;
}

void LiveCaptureSession::poll()
{
    if (!m_capture)
        return;
    m_last = m_capture->stats();
    Q_EMIT statsChanged();
    if (!m_capture->isRunning()) {
        const QString error = m_last.error;
        stop();
        if (!error.isEmpty())
            Q_EMIT failed(error);
    }
}

} // namespace rpcscope
