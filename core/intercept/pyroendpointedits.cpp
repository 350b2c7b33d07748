#include "pyroendpointedits.h"

#include <QtEndian>

#include <algorithm>
#include <map>

namespace rpcscope::pyroendpoints {

namespace {

// A message may hold millions of URIs that cannot be followed; the notes say so a few times, then count.
constexpr int kMaxNotes = 20;

bool isDigits(QStringView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

std::optional<quint16> portNumber(QStringView digits)
{
    if (!isDigits(digits) || digits.size() > 5)
        return std::nullopt;
    const uint n = digits.toUInt();
    if (n == 0 || n > 65535)
        return std::nullopt;
    return quint16(n);
}

bool isIpv6Char(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F') || c == u':' || c == u'%';
}

QString endpointText(const QString& host, quint16 port)
{
    return uriHost(host) + QLatin1Char(':') + QString::number(port);
}

} // namespace

std::optional<UriText> parsePyroUri(QStringView text)
{
    // Pyro's pattern: [Pp][Yy][Rr][Oo][a-zA-Z]*:(?P<object>\S+?)(@(?P<location>.+))?$ with protocol PYRO.
    if (text.size() < 5 || text.sliced(0, 5).compare(u"PYRO:", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    for (const QChar c : text)
        if (c.isSpace())
            return std::nullopt;
    const qsizetype at = text.indexOf(u'@', 6);
    if (at < 0 || at + 1 >= text.size())
        return std::nullopt;
    UriText uri;
    uri.locationStart = at + 1;
    const QStringView location = text.sliced(at + 1);
    if (location.startsWith(u"./u:")) {
        uri.unixSocket = true;
        return uri;
    }
    QStringView portText;
    if (location.startsWith(u'[')) {
        const qsizetype close = location.indexOf(u"]:");
        if (close < 2)
            return std::nullopt;
        const QStringView host = location.sliced(1, close - 1);
        if (!std::all_of(host.begin(), host.end(), isIpv6Char))
            return std::nullopt;
        uri.host = host.toString();
        portText = location.sliced(close + 2);
    } else {
        const qsizetype colon = location.indexOf(u':');
        if (colon <= 0)
            return std::nullopt;
        uri.host = location.first(colon).toString();
        portText = location.sliced(colon + 1);
    }
    const auto port = portNumber(portText);
    if (!port)
        return std::nullopt;
    uri.port = *port;
    return uri;
}

QString uriHost(const QString& host)
{
    return host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
}

PayloadEdits::PayloadEdits(const EndpointMapper& map, QStringList& notes)
    : m_map(map)
    , m_notes(notes)
{ }

void PayloadEdits::note(const QString& text)
{
    if (m_notes.size() < kMaxNotes)
        m_notes.append(text);
    else if (m_notes.size() == kMaxNotes)
        m_notes.append(QStringLiteral("more endpoints were left as written (not listed)"));
}

std::optional<HandedOutEndpoint> PayloadEdits::mapped(const HandedOutEndpoint& endpoint)
{
    // The proxy opens a listener per endpoint: ask once per message, however often the endpoint is handed out.
    const QPair<QString, quint16> key(endpoint.host, endpoint.port);
    if (const auto it = m_asked.constFind(key); it != m_asked.constEnd())
        return *it;
    std::optional<HandedOutEndpoint> answer = m_map ? m_map(endpoint) : std::nullopt;
    if (answer && *answer == endpoint)
        answer.reset();
    m_asked.insert(key, answer);
    return answer;
}

void PayloadEdits::request(const Seen& value, Scalar wanted, bool wholeObject)
{
    Request r;
    r.site = value.site;
    r.object = value.object;
    r.wholeObject = wholeObject;
    r.original = value.kind == Seen::Kind::Str ? Scalar::ofText(value.text) : Scalar::ofNumber(value.number);
    r.wanted = std::move(wanted);
    m_requests.push_back(std::move(r));
}

void PayloadEdits::seenString(const Seen& value)
{
    if (value.kind != Seen::Kind::Str || !value.textKnown)
        return;
    const auto uri = parsePyroUri(value.text);
    if (!uri)
        return;
    if (uri->unixSocket) {
        note(QStringLiteral("%1 is on a Unix domain socket, which the proxy cannot follow; left as written")
                 .arg(value.text));
        return;
    }
    const auto target = mapped({uri->host, uri->port});
    if (!target)
        return;
    const QString text = value.text.left(uri->locationStart) + endpointText(target->host, target->port);
    request(value, Scalar::ofText(text), true);
    ++m_rewritten;
}

void PayloadEdits::seenObject(const Seen& object)
{
    if (object.kind != Seen::Kind::Object
        || (object.className != QLatin1String("Pyro4.core.URI") && object.className != QLatin1String("Pyro5.core.URI"))
        || object.items.size() != 1)
        return;
    // A URI's state: (protocol, object, sockname, host, port).
    const Seen& state = object.items.front();
    if (state.kind != Seen::Kind::Sequence || state.items.size() != 5 || !state.items[0].isText(u"PYRO"))
        return;
    const Seen& objectId = state.items[1];
    const Seen& sockname = state.items[2];
    const Seen& host = state.items[3];
    const Seen& port = state.items[4];
    const QString name = objectId.textKnown ? objectId.text : QStringLiteral("?");
    if (sockname.kind == Seen::Kind::Str) {
        note(QStringLiteral("%1 PYRO:%2@./u:%3 is on a Unix domain socket, which the proxy cannot follow; left as "
                            "written")
                 .arg(object.className, name, sockname.text));
        return;
    }
    if (host.kind != Seen::Kind::Str || !host.textKnown || host.text.isEmpty() || port.kind != Seen::Kind::Int
        || !port.numberKnown || port.number <= 0 || port.number > 65535) {
        note(QStringLiteral("a %1 whose host and port are not a str and a port number; left as written")
                 .arg(object.className));
        return;
    }
    const auto target = mapped({host.text, quint16(port.number)});
    if (!target)
        return;
    if (target->host != host.text)
        request(host, Scalar::ofText(target->host), false);
    if (target->port != port.number)
        request(port, Scalar::ofNumber(target->port), false);
    ++m_rewritten;
}

void PayloadEdits::seenReference(int object, Site site)
{
    m_references.push_back({object, site});
}

void PayloadEdits::seenDefinition(int object, Site site)
{
    if (object < 0)
        return;
    if (std::size_t(object) >= m_definitions.size())
        m_definitions.resize(std::size_t(object) + 1, Site {-1, 0});
    m_definitions[std::size_t(object)] = site;
}

Result<QByteArray> PayloadEdits::apply(QByteArrayView payload, const Encoder& encode) const
{
    struct Edit
    {
        Site site;
        QByteArray bytes;
    };
    std::vector<Edit> edits;
    // Requests on objects written once (or on formats without references) are edits of their own literal. An object
    // written at several places (marshal FLAG_REF/TYPE_REF, pickle memo) keeps one literal, which every reference
    // repeats: each place that must read something else than the literal gets a literal of its own in place of
    // its reference (without FLAG_REF or a memo put, so no other object's number moves).
    std::map<int, std::vector<const Request*>> byObject;
    for (const Request& r : m_requests) {
        if (r.object < 0)
            edits.push_back({r.site, encode(r.wanted, r.site.offset, true)});
        else
            byObject[r.object].push_back(&r);
    }
    std::map<int, std::vector<Site>> referencesOf;
    for (const Reference& ref : m_references)
        if (byObject.count(ref.object))
            referencesOf[ref.object].push_back(ref.site);
    for (const auto& [object, requests] : byObject) {
        const Site definition
            = std::size_t(object) < m_definitions.size() ? m_definitions[std::size_t(object)] : Site {-1, 0};
        if (definition.offset < 0)
            return Error {QStringLiteral("a value written by reference to an object whose literal was not seen")};
        const Scalar& original = requests.front()->original;
        const Request* everywhere = nullptr;
        QHash<qint64, const Scalar*> atSite; // a host or port shared by many URIs: one look-up per place
        for (const Request* r : requests) {
            if (r->wholeObject)
                everywhere = r;
            else
                atSite.insert(r->site.offset, &r->wanted);
        }
        auto wantedAt = [&](Site site) -> const Scalar& {
            if (const auto it = atSite.constFind(site.offset); it != atSite.constEnd())
                return **it;
            return everywhere ? everywhere->wanted : original;
        };
        const Scalar& atDefinition = wantedAt(definition);
        if (!(atDefinition == original))
            edits.push_back({definition, encode(atDefinition, definition.offset, true)});
        for (const Site& site : referencesOf[object]) {
            const Scalar& here = wantedAt(site);
            if (!(here == atDefinition))
                edits.push_back({site, encode(here, definition.offset, false)});
        }
    }
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.site.offset < b.site.offset; });
    for (std::size_t i = 0; i < edits.size(); ++i) {
        const Site s = edits[i].site;
        if (s.offset < 0 || s.length < 0 || s.offset + s.length > payload.size()
            || (i > 0 && edits[i - 1].site.offset + edits[i - 1].site.length > s.offset))
            return Error {QStringLiteral("the places to rewrite overlap or lie outside the payload")};
        if (edits[i].bytes.isEmpty())
            return Error {QStringLiteral("a rewritten value could not be written in this serializer")};
    }
    // Length fields that cover edited bytes follow them: the growth of the edits in [coveredStart, coveredEnd), from
    // running sums over the edits in payload order.
    std::vector<qint64> grownBefore(edits.size() + 1, 0);
    for (std::size_t i = 0; i < edits.size(); ++i)
        grownBefore[i + 1] = grownBefore[i] + edits[i].bytes.size() - edits[i].site.length;
    auto firstAtOrAfter = [&](qint64 offset) {
        return std::size_t(std::lower_bound(edits.begin(), edits.end(), offset,
                                            [](const Edit& e, qint64 o) { return e.site.offset < o; })
                           - edits.begin());
    };
    std::vector<Edit> lengthEdits;
    for (const LengthField& field : m_lengthFields) {
        const qint64 delta
            = grownBefore[firstAtOrAfter(field.coveredEnd)] - grownBefore[firstAtOrAfter(field.coveredStart)];
        if (delta == 0)
            continue;
        const qint64 value = qint64(field.value) + delta;
        if (value < 0 || (field.width < 8 && value >= (qint64(1) << (8 * field.width))))
            return Error {QStringLiteral("a length field of the payload cannot hold the rewritten length")};
        QByteArray bytes(8, '\0');
        qToLittleEndian<quint64>(quint64(value), bytes.data());
        bytes.truncate(field.width);
        lengthEdits.push_back({{field.offset, field.width}, bytes});
    }
    edits.insert(edits.end(), lengthEdits.begin(), lengthEdits.end());
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.site.offset < b.site.offset; });
    for (std::size_t i = 1; i < edits.size(); ++i)
        if (edits[i - 1].site.offset + edits[i - 1].site.length > edits[i].site.offset)
            return Error {QStringLiteral("a length field of the payload lies inside a rewritten value")};

    QByteArray out;
    qint64 grow = 0;
    for (const Edit& e : edits)
        grow += e.bytes.size() - e.site.length;
    out.reserve(payload.size() + std::max<qint64>(grow, 0));
    qint64 pos = 0;
    for (const Edit& e : edits) {
        out.append(payload.sliced(pos, e.site.offset - pos));
        out.append(e.bytes);
        pos = e.site.offset + e.site.length;
    }
    out.append(payload.sliced(pos));
    return out;
}

} // namespace rpcscope::pyroendpoints
