# TLS: key log, handshake, key schedule and records, one connection followed from its first byte, and the decoder of
# records that stay encrypted; on the real captures and key logs of tests/data/tls.
rpcscope_add_test(core/tls tlskeylog)
rpcscope_add_test(core/tls tlshandshake)
rpcscope_add_test(core/tls tlsrecordopener)
rpcscope_add_test(core/tls tlsconnection)
rpcscope_add_test(core/tls tlsdecoder)
