target_sources(rpcscope-cli PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/commands.h
    ${CMAKE_CURRENT_LIST_DIR}/decodecommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/javaoptions.cpp ${CMAKE_CURRENT_LIST_DIR}/javaoptions.h
    ${CMAKE_CURRENT_LIST_DIR}/explaincommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/capturecalls.cpp ${CMAKE_CURRENT_LIST_DIR}/capturecalls.h
    ${CMAKE_CURRENT_LIST_DIR}/capturecommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxycommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/servecommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/callcommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/democommand.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cacommand.cpp
)
