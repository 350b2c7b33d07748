# Files of core/certs: RpcScope's certificate authority and the certificates it issues (libcrypto's X509 API).
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/certificate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/certificate.h
    ${CMAKE_CURRENT_LIST_DIR}/certificateauthority.cpp
    ${CMAKE_CURRENT_LIST_DIR}/certificateauthority.h
    ${CMAKE_CURRENT_LIST_DIR}/certificatebuilder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/certificatebuilder.h
    ${CMAKE_CURRENT_LIST_DIR}/opensslerror.cpp
    ${CMAKE_CURRENT_LIST_DIR}/opensslerror.h
)
