# TLS: records, handshake, key log, key schedule and record decryption (crypto from libcrypto), the TLS layer under
# decrypted messages, and the decoder for records that stay encrypted. Pure functions of bytes and key-log text; the
# stage that keeps per-connection state and reads key-log files is capture/tls.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/tlscarrier.cpp ${CMAKE_CURRENT_LIST_DIR}/tlscarrier.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsciphersuite.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsciphersuite.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsconnection.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsconnection.h
    ${CMAKE_CURRENT_LIST_DIR}/tlscrypto.cpp ${CMAKE_CURRENT_LIST_DIR}/tlscrypto.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsdecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/tlshandshake.cpp ${CMAKE_CURRENT_LIST_DIR}/tlshandshake.h
    ${CMAKE_CURRENT_LIST_DIR}/tlskeylog.cpp ${CMAKE_CURRENT_LIST_DIR}/tlskeylog.h
    ${CMAKE_CURRENT_LIST_DIR}/tlskeyschedule.cpp ${CMAKE_CURRENT_LIST_DIR}/tlskeyschedule.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsrecord.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsrecord.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsrecordopener.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsrecordopener.h
    ${CMAKE_CURRENT_LIST_DIR}/tlssession.cpp ${CMAKE_CURRENT_LIST_DIR}/tlssession.h
)
target_link_libraries(rpcscope_core PRIVATE OpenSSL::Crypto)
