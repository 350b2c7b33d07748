# Files of core/client.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/composedcall.cpp
    ${CMAKE_CURRENT_LIST_DIR}/composedcall.h
    ${CMAKE_CURRENT_LIST_DIR}/callexchange.cpp
    ${CMAKE_CURRENT_LIST_DIR}/callexchange.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcexchange.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcexchange.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroexchange.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyroexchange.h
    ${CMAKE_CURRENT_LIST_DIR}/argumentliteral.cpp
    ${CMAKE_CURRENT_LIST_DIR}/argumentliteral.h
    ${CMAKE_CURRENT_LIST_DIR}/copyas.cpp
    ${CMAKE_CURRENT_LIST_DIR}/copyas.h
    ${CMAKE_CURRENT_LIST_DIR}/callrepeater.cpp
    ${CMAKE_CURRENT_LIST_DIR}/callrepeater.h
    ${CMAKE_CURRENT_LIST_DIR}/composedfromcall.cpp
    ${CMAKE_CURRENT_LIST_DIR}/composedfromcall.h
    ${CMAKE_CURRENT_LIST_DIR}/callcollection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/callcollection.h
)
