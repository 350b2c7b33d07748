# The recording proxy: forwards TCP connections (or HTTP proxy requests) and feeds both directions to the decoders.
target_sources(rpcscope_capture PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/bytestreamtee.h
    ${CMAKE_CURRENT_LIST_DIR}/httpproxyrewriter.cpp ${CMAKE_CURRENT_LIST_DIR}/httpproxyrewriter.h
    ${CMAKE_CURRENT_LIST_DIR}/pcapstreamrecorder.cpp ${CMAKE_CURRENT_LIST_DIR}/pcapstreamrecorder.h
    ${CMAKE_CURRENT_LIST_DIR}/proxyconnection.cpp ${CMAKE_CURRENT_LIST_DIR}/proxyconnection.h
    ${CMAKE_CURRENT_LIST_DIR}/proxyconnectiontls.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxyconnectionrelay.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxyconnectionfollow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/recordingproxyfollow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxylistener.h
    ${CMAKE_CURRENT_LIST_DIR}/proxyrule.cpp ${CMAKE_CURRENT_LIST_DIR}/proxyrule.h
    ${CMAKE_CURRENT_LIST_DIR}/proxytls.cpp ${CMAKE_CURRENT_LIST_DIR}/proxytls.h
    ${CMAKE_CURRENT_LIST_DIR}/recordingproxy.cpp ${CMAKE_CURRENT_LIST_DIR}/recordingproxy.h
    ${CMAKE_CURRENT_LIST_DIR}/tlschannel.cpp ${CMAKE_CURRENT_LIST_DIR}/tlschannel.h
)
target_include_directories(rpcscope_capture PUBLIC ${CMAKE_CURRENT_LIST_DIR})
