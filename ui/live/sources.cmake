# Live sources in the window: the Capture dialog and menu, the Proxy panel, capture from a command.
target_sources(rpcscope_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/capturedialog.cpp ${CMAKE_CURRENT_LIST_DIR}/capturedialog.h
    ${CMAKE_CURRENT_LIST_DIR}/commandcapture.cpp ${CMAKE_CURRENT_LIST_DIR}/commandcapture.h
    ${CMAKE_CURRENT_LIST_DIR}/heldmessageeditor.cpp ${CMAKE_CURRENT_LIST_DIR}/heldmessageeditor.h
    ${CMAKE_CURRENT_LIST_DIR}/inflighttools.cpp ${CMAKE_CURRENT_LIST_DIR}/inflighttools.h
    ${CMAKE_CURRENT_LIST_DIR}/interceptpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/interceptpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/livecallfeed.cpp ${CMAKE_CURRENT_LIST_DIR}/livecallfeed.h
    ${CMAKE_CURRENT_LIST_DIR}/livecapturesession.cpp ${CMAKE_CURRENT_LIST_DIR}/livecapturesession.h
    ${CMAKE_CURRENT_LIST_DIR}/livesources.cpp ${CMAKE_CURRENT_LIST_DIR}/livesources.h
    ${CMAKE_CURRENT_LIST_DIR}/proxypanel.cpp ${CMAKE_CURRENT_LIST_DIR}/proxypanel.h
    ${CMAKE_CURRENT_LIST_DIR}/rulespanel.cpp ${CMAKE_CURRENT_LIST_DIR}/rulespanel.h
)
target_include_directories(rpcscope_ui PUBLIC ${CMAKE_CURRENT_LIST_DIR})
