#pragma once

#include "call.h"
#include "callrecord.h"
#include "decoderregistry.h"
#include "stringpool.h"

namespace rpcscope {

/// Parses "ip:port" or "[ipv6]:port" (Endpoint::toString's format).
Endpoint parseEndpoint(const QString& text);

/// Keeps of `call` only what cannot be recomputed from its bytes (see `StoredCall`), its bytes packed by `packer`.
/// `packedRequest`, when given, holds the request's bytes packed already (a pending call that finished).
StoredCall storeCall(const Call& call, BytePacker& packer, const PackedBytes& packedRequest = {});

/// Decodes one stored message again, with the tree when `options.buildTree` is set. A message the framer had
/// skipped comes back raw with its reason; problems the stream had added (gaps, early end) are added again.
DecodedMessage redecodeMessage(const ProtocolDecoder* decoder, const QString& protocol, const StoredMessage& stored,
                               Direction direction, const DecodedMessage* request, const DecodeOptions& options);

/// The full call behind a record: both messages decoded again from their bytes (with trees if `withTrees`),
/// status, notes and batch members as the pipeline had paired them.
Call rebuildCall(const CallRecord& record, const StoredCall& stored, const StringPool& strings,
                 const DecoderRegistry& registry, const DecodeOptions& options, bool withTrees);

} // namespace rpcscope
