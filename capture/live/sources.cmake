# Live capture with libpcap, and what the live command-line tools share (printing calls as they come, Ctrl-C).
target_sources(rpcscope_capture PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/livecallprinter.cpp ${CMAKE_CURRENT_LIST_DIR}/livecallprinter.h
    ${CMAKE_CURRENT_LIST_DIR}/livecapture.cpp ${CMAKE_CURRENT_LIST_DIR}/livecapture.h
    ${CMAKE_CURRENT_LIST_DIR}/networkinterfaces.cpp ${CMAKE_CURRENT_LIST_DIR}/networkinterfaces.h
    ${CMAKE_CURRENT_LIST_DIR}/stopsignals.cpp ${CMAKE_CURRENT_LIST_DIR}/stopsignals.h
)
target_include_directories(rpcscope_capture PUBLIC ${CMAKE_CURRENT_LIST_DIR})
