# The TLS stage: follows TLS connections between TCP reassembly and protocol detection and decrypts them with
# key-log secrets (key-log files, pcapng Decryption Secrets Blocks); the pure parts are in core/tls.
target_sources(rpcscope_capture PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pcapngsecrets.cpp ${CMAKE_CURRENT_LIST_DIR}/pcapngsecrets.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsdecryptingsink.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsdecryptingsink.h
    ${CMAKE_CURRENT_LIST_DIR}/tlskeysource.cpp ${CMAKE_CURRENT_LIST_DIR}/tlskeysource.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsrecordcarrier.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsrecordcarrier.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsstats.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsstats.h
)
target_include_directories(rpcscope_capture PUBLIC ${CMAKE_CURRENT_LIST_DIR})
