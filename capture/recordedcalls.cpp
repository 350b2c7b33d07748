#include "recordedcalls.h"

#include "callsink.h"
#include "decoderregistry.h"
#include "intercept/answerbook.h"
#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "trafficdecoder.h"

#include <QFile>

namespace rpcscope {

namespace {

// Calls in request order, into the book.
class BookSink : public CallSink
{
public:
    explicit BookSink(AnswerBook& book)
        : m_book(book)
    { }
    void callFinished(Call&& call) override
    {
        if (m_book.add(call))
            ++added;
    }
    int added = 0;

private:
    AnswerBook& m_book;
};

bool looksLikeJsonl(const QString& path)
{
    if (path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive))
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    char first = 0;
    while (file.getChar(&first)) {
        if (first != ' ' && first != '\n' && first != '\r' && first != '\t')
            return first == '{';
    }
    return false;
}

} // namespace

Result<int> loadRecordedCalls(const QString& path, const DecoderRegistry& registry, AnswerBook& book)
{
    if (looksLikeJsonl(path)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error {QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
        Result<std::vector<RecordedCall>> calls = AnswerBook::readJsonl(file.readAll());
        if (!calls)
            return Error {QStringLiteral("%1: %2").arg(path, calls.error())};
        for (RecordedCall& call : *calls)
            book.add(std::move(call));
        return int(calls->size());
    }
    Result<std::unique_ptr<PcapFileSource>> opened = PcapFileSource::open(path);
    if (!opened)
        return Error {opened.error()};
    PcapFileSource& source = **opened;
    auto packetDecoder = PacketDecoder::forLinkType(source.linkType());
    if (!packetDecoder)
        return Error {QStringLiteral("%1: %2").arg(source.displayName(), packetDecoder.error())};
    DecodeOptions options;
    options.buildTree = false;
    BookSink sink(book);
    OrderedCallEmitter ordered(sink);
    TrafficDecoder traffic(registry, options, ordered);
    PacketProcessor processor(*packetDecoder, traffic);
    const PcapFileSource::Status status = source.readAll(processor);
    processor.finish();
    traffic.finishAll(processor.stats().lastTimestamp);
    if (status == PcapFileSource::Status::Error)
        return Error {source.errorString()};
    return sink.added;
}

} // namespace rpcscope
