target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcdecoder.h
)
