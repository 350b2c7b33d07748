# Files of core/xmlrpc: the XML-RPC decoder (HTTP framing from core/http, bodies read with pugixml).
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/xmlbodytext.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlbodytext.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlencoding.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlencoding.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlprolog.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlprolog.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcdecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcmulticall.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcmulticall.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcprobe.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcprobe.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcreader.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcreader.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcreadsession.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcreadsession.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcscalars.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcscalars.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcvaluereader.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcvaluereader.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlspans.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlspans.h
    ${CMAKE_CURRENT_LIST_DIR}/xmltranscoder.cpp ${CMAKE_CURRENT_LIST_DIR}/xmltranscoder.h
)
