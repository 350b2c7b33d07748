# Files of core/server.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcmethods.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcmethods.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcconnection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcconnection.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcserver.cpp
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcserver.h
    ${CMAKE_CURRENT_LIST_DIR}/servedcall.cpp
    ${CMAKE_CURRENT_LIST_DIR}/servedcall.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4objects.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyro4objects.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4connection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyro4connection.h
    ${CMAKE_CURRENT_LIST_DIR}/pyro4daemon.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyro4daemon.h
    ${CMAKE_CURRENT_LIST_DIR}/connectionclocks.cpp
    ${CMAKE_CURRENT_LIST_DIR}/connectionclocks.h
    ${CMAKE_CURRENT_LIST_DIR}/connectionlimits.h
    ${CMAKE_CURRENT_LIST_DIR}/servertls.cpp
    ${CMAKE_CURRENT_LIST_DIR}/servertls.h
    ${CMAKE_CURRENT_LIST_DIR}/mockconnection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mockconnection.h
    ${CMAKE_CURRENT_LIST_DIR}/mockserver.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mockserver.h
    ${CMAKE_CURRENT_LIST_DIR}/tcplisten.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tcplisten.h
)
