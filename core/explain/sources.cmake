# Every byte of a message explained: spans, role functions per protocol, the text, HTML and JSON renderings.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/callexplain.cpp ${CMAKE_CURRENT_LIST_DIR}/callexplain.h
    ${CMAKE_CURRENT_LIST_DIR}/explainhtml.cpp ${CMAKE_CURRENT_LIST_DIR}/explainhtml.h
    ${CMAKE_CURRENT_LIST_DIR}/explainjson.cpp ${CMAKE_CURRENT_LIST_DIR}/explainjson.h
    ${CMAKE_CURRENT_LIST_DIR}/explaintext.cpp ${CMAKE_CURRENT_LIST_DIR}/explaintext.h
    ${CMAKE_CURRENT_LIST_DIR}/fieldpalette.cpp ${CMAKE_CURRENT_LIST_DIR}/fieldpalette.h
    ${CMAKE_CURRENT_LIST_DIR}/htmlpage.cpp ${CMAKE_CURRENT_LIST_DIR}/htmlpage.h
    ${CMAKE_CURRENT_LIST_DIR}/messagespans.cpp ${CMAKE_CURRENT_LIST_DIR}/messagespans.h
    ${CMAKE_CURRENT_LIST_DIR}/spanroles.cpp ${CMAKE_CURRENT_LIST_DIR}/spanroles.h
    ${CMAKE_CURRENT_LIST_DIR}/httproles.cpp
    ${CMAKE_CURRENT_LIST_DIR}/jrmproles.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyroroles.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xmlroles.cpp
)
