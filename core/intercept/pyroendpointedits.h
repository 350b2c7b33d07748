#pragma once

#include "intercept/endpointrewrite.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

// The half of rewritePyroEndpoints that knows Pyro's URIs but no serializer: the payload walkers (serpent, json,
// marshal, msgpack, pickle) tell it the strings and objects they read, it asks the mapper, and it turns the answers
// into byte edits that the walker's own encoder writes.
namespace rpcscope::pyroendpoints {

/// The bytes of a payload that hold one value: its literal, or (marshal, pickle) a reference to a literal written
/// earlier (TYPE_REF, a memo get).
struct Site
{
    qint64 offset = 0;
    qint64 length = 0;
};

/// A str or an int as a literal holds it: what an edit writes instead, and what it was.
struct Scalar
{
    bool isText = true;
    QString text;
    qint64 number = 0;

    static Scalar ofText(QString t) { return {true, std::move(t), 0}; }
    static Scalar ofNumber(qint64 n) { return {false, {}, n}; }
    bool operator==(const Scalar&) const = default;
};

/// A value a walker has read, with as much of it as finding URIs needs: strs (short ones with their text), ints,
/// None, the items of sequences of at most 5 items (a URI's state is 5), and dicts or objects that name a class
/// with their state.
struct Seen
{
    enum class Kind : quint8 { Other, None, Str, Int, Sequence, Object };
    /// Strs longer than this are no URI and no part of one (their text is not kept).
    static constexpr qsizetype kMaxText = 4096;
    static constexpr std::size_t kMaxItems = 5;

    Kind kind = Kind::Other;
    Site site;
    /// marshal and pickle: the object this value is, when it can be written again by reference; -1 otherwise.
    int object = -1;
    /// Str: its text, when textKnown (at most kMaxText characters).
    QString text;
    bool textKnown = false;
    /// Int: its value (ints that fit 64 bits).
    qint64 number = 0;
    bool numberKnown = false;
    /// Object: "Pyro4.core.URI"...; its state is items[0].
    QString className;
    /// Sequence: its items when it has at most kMaxItems (else empty and `longSequence`). Object: its state.
    std::vector<Seen> items;
    bool longSequence = false;

    bool isText(QStringView t) const { return kind == Kind::Str && textKnown && text == t; }
};

/// A dict's members as far as URIs go, as a walker reads them: its '__class__' text and its 'state'.
struct DictWatch
{
    QString className;
    std::optional<Seen> state;

    void member(const Seen& key, Seen&& value)
    {
        if (key.isText(u"__class__") && value.kind == Seen::Kind::Str && value.textKnown)
            className = value.text;
        else if (key.isText(u"state"))
            state = std::move(value);
    }
    Seen finish(Site site) &&
    {
        Seen dict;
        dict.site = site;
        if (!className.isEmpty() && state) {
            dict.kind = Seen::Kind::Object;
            dict.className = className;
            dict.items.push_back(std::move(*state));
        }
        return dict;
    }
};

/// Adds an item to a sequence's items, which keeps them only while there are at most Seen::kMaxItems, and not
/// their own items (a URI's state holds scalars): what a walker keeps stays small however the values nest.
inline void keepItem(Seen& sequence, Seen&& item)
{
    if (sequence.longSequence)
        return;
    item.items = {};
    if (sequence.items.size() == Seen::kMaxItems) {
        sequence.items.clear();
        sequence.longSequence = true;
        return;
    }
    sequence.items.push_back(std::move(item));
}

/// Where a URI text puts its location, as Pyro's URI class parses it (`PYRO:object@location`, the first '@' after
/// a non-empty object).
struct UriText
{
    /// Index of the location in the text (after the '@').
    qsizetype locationStart = 0;
    /// `./u:path`: a Unix domain socket.
    bool unixSocket = false;
    /// host ("::1" for "[::1]") and port, when the location is host:port.
    QString host;
    quint16 port = 0;
};

/// `text` as a PYRO: URI (protocol PYRO in any letter case), or nullopt when it is none: other protocols
/// (PYRONAME, PYROMETA), blanks, no location, a location that is neither host:port, [v6]:port nor ./u:path.
std::optional<UriText> parsePyroUri(QStringView text);
/// `host` as a URI writes it: in brackets when it holds a ':' (IPv6).
QString uriHost(const QString& host);

/// A length field of the format inside the payload (pickle FRAME) that counts the bytes [coveredStart, coveredEnd):
/// it follows the edits inside them.
struct LengthField
{
    qint64 offset = 0;
    int width = 8;
    qint64 coveredStart = 0;
    qint64 coveredEnd = 0;
    quint64 value = 0;
};

/// The edits one payload gets. Walkers report what they read; `apply` writes the new payload.
class PayloadEdits
{
public:
    PayloadEdits(const EndpointMapper& map, QStringList& notes);

    /// A str value: rewritten (everywhere the same object is written) when it is exactly a PYRO: URI.
    void seenString(const Seen& value);
    /// A dict that names a class, or a pickled object, with its state: Pyro4/Pyro5 URIs have their host and port
    /// rewritten (only where this URI's state holds them).
    void seenObject(const Seen& object);
    /// marshal and pickle: the object `object` is written again at `site` (a reference).
    void seenReference(int object, Site site);
    /// marshal and pickle: where the object `object` was written first (its literal).
    void seenDefinition(int object, Site site);
    void addLengthField(const LengthField& field) { m_lengthFields.push_back(field); }

    /// Endpoints rewritten so far.
    int rewritten() const { return m_rewritten; }

    /// Writes `value` where a literal like the one at `templateOffset` stands; `definition` is false when the new
    /// literal replaces a reference (it must not be remembered as an object of its own: marshal's FLAG_REF).
    using Encoder = std::function<QByteArray(const Scalar& value, qint64 templateOffset, bool definition)>;
    /// The payload with every edit written by `encode` and the length fields following; an error when the edits
    /// cannot be written (overlapping, a length field that would overflow).
    Result<QByteArray> apply(QByteArrayView payload, const Encoder& encode) const;

private:
    struct Request
    {
        Site site;
        int object = -1;
        /// A URI str: every place that writes the object gets the new text. Else only `site` (a URI's host or
        /// port, whose object may be written elsewhere for something else).
        bool wholeObject = false;
        Scalar original;
        Scalar wanted;
    };
    struct Reference
    {
        int object = -1;
        Site site;
    };

    std::optional<HandedOutEndpoint> mapped(const HandedOutEndpoint& endpoint);
    void request(const Seen& value, Scalar wanted, bool wholeObject);
    void note(const QString& text);

    const EndpointMapper& m_map;
    QStringList& m_notes;
    QHash<QPair<QString, quint16>, std::optional<HandedOutEndpoint>> m_asked;
    std::vector<Request> m_requests;
    std::vector<Reference> m_references;
    std::vector<Site> m_definitions;
    std::vector<LengthField> m_lengthFields;
    int m_rewritten = 0;
};

} // namespace rpcscope::pyroendpoints
