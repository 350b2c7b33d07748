# The test server panel and the request composer in the window.
target_sources(rpcscope_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/composerpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/composerpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/pyronamepicker.cpp ${CMAKE_CURRENT_LIST_DIR}/pyronamepicker.h
    ${CMAKE_CURRENT_LIST_DIR}/composertools.cpp ${CMAKE_CURRENT_LIST_DIR}/composertools.h
    ${CMAKE_CURRENT_LIST_DIR}/testserverpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/testserverpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/valuetreeeditor.cpp ${CMAKE_CURRENT_LIST_DIR}/valuetreeeditor.h
)
target_include_directories(rpcscope_ui PUBLIC ${CMAKE_CURRENT_LIST_DIR})
