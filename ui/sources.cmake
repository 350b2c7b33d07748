# The inspector window and its widgets (one class per file); the models behind them live in core/models.
target_sources(rpcscope_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/appicons.cpp ${CMAKE_CURRENT_LIST_DIR}/appicons.h
    ${CMAKE_CURRENT_LIST_DIR}/bytespane.cpp ${CMAKE_CURRENT_LIST_DIR}/bytespane.h
    ${CMAKE_CURRENT_LIST_DIR}/calldetailsview.cpp ${CMAKE_CURRENT_LIST_DIR}/calldetailsview.h
    ${CMAKE_CURRENT_LIST_DIR}/callexporter.cpp ${CMAKE_CURRENT_LIST_DIR}/callexporter.h
    ${CMAKE_CURRENT_LIST_DIR}/calllistview.cpp ${CMAKE_CURRENT_LIST_DIR}/calllistview.h
    ${CMAKE_CURRENT_LIST_DIR}/captureloader.cpp ${CMAKE_CURRENT_LIST_DIR}/captureloader.h
    ${CMAKE_CURRENT_LIST_DIR}/elidedlabel.cpp ${CMAKE_CURRENT_LIST_DIR}/elidedlabel.h
    ${CMAKE_CURRENT_LIST_DIR}/explainpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/explainpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/filterbar.cpp ${CMAKE_CURRENT_LIST_DIR}/filterbar.h
    ${CMAKE_CURRENT_LIST_DIR}/hexview.cpp ${CMAKE_CURRENT_LIST_DIR}/hexview.h
    ${CMAKE_CURRENT_LIST_DIR}/javaclasspathdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/javaclasspathdialog.h
    ${CMAKE_CURRENT_LIST_DIR}/javaclasspathsetting.cpp ${CMAKE_CURRENT_LIST_DIR}/javaclasspathsetting.h
    ${CMAKE_CURRENT_LIST_DIR}/messagebar.cpp ${CMAKE_CURRENT_LIST_DIR}/messagebar.h
    ${CMAKE_CURRENT_LIST_DIR}/messageexport.cpp ${CMAKE_CURRENT_LIST_DIR}/messageexport.h
    ${CMAKE_CURRENT_LIST_DIR}/messagepane.cpp ${CMAKE_CURRENT_LIST_DIR}/messagepane.h
    ${CMAKE_CURRENT_LIST_DIR}/statisticspanel.cpp ${CMAKE_CURRENT_LIST_DIR}/statisticspanel.h
    ${CMAKE_CURRENT_LIST_DIR}/themecolors.cpp ${CMAKE_CURRENT_LIST_DIR}/themecolors.h
    ${CMAKE_CURRENT_LIST_DIR}/tlskeylogs.cpp ${CMAKE_CURRENT_LIST_DIR}/tlskeylogs.h
    ${CMAKE_CURRENT_LIST_DIR}/tlsverifychooser.cpp ${CMAKE_CURRENT_LIST_DIR}/tlsverifychooser.h
    ${CMAKE_CURRENT_LIST_DIR}/walkthroughpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/walkthroughpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/../resources/resources.qrc
)
