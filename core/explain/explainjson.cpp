#include "explainjson.h"

#include "jsonwriter.h"

namespace rpcscope {

QByteArray explanationJson(const MessageExplanation& explanation)
{
    QByteArray out;
    JsonWriter json(out);
    json.beginObject();
    json.key(QLatin1StringView("length"));
    json.integer(explanation.length);
    json.key(QLatin1StringView("spans"));
    json.beginArray();
    for (const ExplainSpan& s : explanation.spans) {
        json.beginObject();
        json.key(QLatin1StringView("offset"));
        json.integer(s.offset);
        json.key(QLatin1StringView("length"));
        json.integer(s.length);
        json.key(QLatin1StringView("path"));
        json.string(s.path);
        json.key(QLatin1StringView("role"));
        json.string(s.role);
        json.key(QLatin1StringView("value"));
        json.string(s.value);
        json.key(QLatin1StringView("description"));
        json.string(s.description);
        json.endObject();
    }
    json.endArray();
    json.endObject();
    return out;
}

} // namespace rpcscope
