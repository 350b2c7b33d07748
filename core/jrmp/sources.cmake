target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/jrmpdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpdecoder.h
)
