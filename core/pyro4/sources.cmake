target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/pyro4decoder.cpp ${CMAKE_CURRENT_LIST_DIR}/pyro4decoder.h
)
