# Files of core/http: the incremental HTTP/1.x parser and framer, and the message reader used by XML-RPC.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/httpchunked.cpp ${CMAKE_CURRENT_LIST_DIR}/httpchunked.h
    ${CMAKE_CURRENT_LIST_DIR}/httpcontentcoding.cpp ${CMAKE_CURRENT_LIST_DIR}/httpcontentcoding.h
    ${CMAKE_CURRENT_LIST_DIR}/httpframer.cpp ${CMAKE_CURRENT_LIST_DIR}/httpframer.h
    ${CMAKE_CURRENT_LIST_DIR}/httphead.cpp ${CMAKE_CURRENT_LIST_DIR}/httphead.h
    ${CMAKE_CURRENT_LIST_DIR}/httpmessage.cpp ${CMAKE_CURRENT_LIST_DIR}/httpmessage.h
    ${CMAKE_CURRENT_LIST_DIR}/httpparser.cpp ${CMAKE_CURRENT_LIST_DIR}/httpparser.h
    ${CMAKE_CURRENT_LIST_DIR}/httpwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/httpwriter.h
)
