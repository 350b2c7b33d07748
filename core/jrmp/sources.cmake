target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/jarreader.cpp ${CMAKE_CURRENT_LIST_DIR}/jarreader.h
    ${CMAKE_CURRENT_LIST_DIR}/javabignumbers.cpp ${CMAKE_CURRENT_LIST_DIR}/javabignumbers.h
    ${CMAKE_CURRENT_LIST_DIR}/javablockreader.cpp ${CMAKE_CURRENT_LIST_DIR}/javablockreader.h
    ${CMAKE_CURRENT_LIST_DIR}/javaclassfile.cpp ${CMAKE_CURRENT_LIST_DIR}/javaclassfile.h
    ${CMAKE_CURRENT_LIST_DIR}/javaclasspath.cpp ${CMAKE_CURRENT_LIST_DIR}/javaclasspath.h
    ${CMAKE_CURRENT_LIST_DIR}/javaknownclasses.cpp
    ${CMAKE_CURRENT_LIST_DIR}/javaknownjmx.cpp
    ${CMAKE_CURRENT_LIST_DIR}/javamethodhash.cpp ${CMAKE_CURRENT_LIST_DIR}/javamethodhash.h
    ${CMAKE_CURRENT_LIST_DIR}/javamethodtable.cpp ${CMAKE_CURRENT_LIST_DIR}/javamethodtable.h
    ${CMAKE_CURRENT_LIST_DIR}/javaobjectparser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/javaobjects.cpp ${CMAKE_CURRENT_LIST_DIR}/javaobjects.h
    ${CMAKE_CURRENT_LIST_DIR}/javascalars.cpp ${CMAKE_CURRENT_LIST_DIR}/javascalars.h
    ${CMAKE_CURRENT_LIST_DIR}/javaserialization.cpp ${CMAKE_CURRENT_LIST_DIR}/javaserialization.h
    ${CMAKE_CURRENT_LIST_DIR}/javathrowable.cpp ${CMAKE_CURRENT_LIST_DIR}/javathrowable.h
    ${CMAKE_CURRENT_LIST_DIR}/javatime.cpp ${CMAKE_CURRENT_LIST_DIR}/javatime.h
    ${CMAKE_CURRENT_LIST_DIR}/javatree.cpp ${CMAKE_CURRENT_LIST_DIR}/javatree.h
    ${CMAKE_CURRENT_LIST_DIR}/javatreeknown.cpp
    ${CMAKE_CURRENT_LIST_DIR}/javatype.cpp ${CMAKE_CURRENT_LIST_DIR}/javatype.h
    ${CMAKE_CURRENT_LIST_DIR}/javavalues.cpp ${CMAKE_CURRENT_LIST_DIR}/javavalues.h
    ${CMAKE_CURRENT_LIST_DIR}/jdkremotemethods.cpp ${CMAKE_CURRENT_LIST_DIR}/jdkremotemethods.h
    ${CMAKE_CURRENT_LIST_DIR}/jdkremotemethodtable.inc
    ${CMAKE_CURRENT_LIST_DIR}/jmxvalues.cpp ${CMAKE_CURRENT_LIST_DIR}/jmxvalues.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpcallheader.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpcallheader.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpconstants.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpdecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpframer.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpframer.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpmessages.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpmessages.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmppayload.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmppayload.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmptransport.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmptransport.h
    ${CMAKE_CURRENT_LIST_DIR}/modifiedutf8.cpp ${CMAKE_CURRENT_LIST_DIR}/modifiedutf8.h
    ${CMAKE_CURRENT_LIST_DIR}/rminames.cpp ${CMAKE_CURRENT_LIST_DIR}/rminames.h
    ${CMAKE_CURRENT_LIST_DIR}/rmiobjid.cpp ${CMAKE_CURRENT_LIST_DIR}/rmiobjid.h
    ${CMAKE_CURRENT_LIST_DIR}/rmiremoteref.cpp ${CMAKE_CURRENT_LIST_DIR}/rmiremoteref.h
    ${CMAKE_CURRENT_LIST_DIR}/rmiwellknown.cpp ${CMAKE_CURRENT_LIST_DIR}/rmiwellknown.h
)
