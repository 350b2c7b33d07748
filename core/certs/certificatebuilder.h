#pragma once

#include "certs/certificate.h"

namespace rpcscope::certbuilder {

/// How long a CA made here is valid: ten years.
constexpr int kCaValidityDays = 3650;
/// How long a leaf is valid: clients and browsers reject leaves valid for more than 397 days; mitmproxy uses 199.
constexpr int kLeafValidityDays = 199;
/// Validity starts this long ago, so that a client whose clock is behind still accepts a certificate made now.
constexpr int kBackdateDays = 2;

/// A self-signed CA certificate for `key`: CN "RpcScope CA", basicConstraints critical CA:TRUE, keyUsage critical
/// keyCertSign and cRLSign, a subject key identifier, SHA-256, a random serial. `note` (who made it, and when) goes
/// into the OU so that two installations' CAs can be told apart in a trust store.
Result<Certificate> makeCa(const PrivateKey& key, const QString& note);

/// A server certificate for `names` (host names, or IP address literals that become IP SANs) with `key`'s
/// public key, signed by `ca`: CN is the first name (when it fits in 64 characters), every name a SAN,
/// basicConstraints CA:FALSE, keyUsage digitalSignature (and keyEncipherment for RSA keys), extendedKeyUsage
/// serverAuth, and the authority key identifier that strict verifiers (Python 3.13, OpenSSL -x509_strict) require.
/// Validity never outlasts the CA's.
Result<Certificate> makeLeaf(const QStringList& names, const PrivateKey& key, const Certificate& ca,
                             const PrivateKey& caKey);

/// Whether `name` can go into a certificate: an IP address, or a host name of letters, digits, hyphens,
/// underscores and dots (a leading "*." wildcard allowed), at most 253 characters with labels of at most 63.
Status checkName(const QString& name);

} // namespace rpcscope::certbuilder
