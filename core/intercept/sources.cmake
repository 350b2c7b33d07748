# Changing calls in flight: the proxy's rules (language, matching, actions per protocol), the message relay that
# applies them and the intercept, and what mock servers answer from recorded calls.
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/answerbook.cpp ${CMAKE_CURRENT_LIST_DIR}/answerbook.h
    ${CMAKE_CURRENT_LIST_DIR}/callmarker.cpp ${CMAKE_CURRENT_LIST_DIR}/callmarker.h
    ${CMAKE_CURRENT_LIST_DIR}/callrule.cpp ${CMAKE_CURRENT_LIST_DIR}/callrule.h
    ${CMAKE_CURRENT_LIST_DIR}/endpointfollowstage.cpp ${CMAKE_CURRENT_LIST_DIR}/endpointfollowstage.h
    ${CMAKE_CURRENT_LIST_DIR}/endpointrewrite.h
    ${CMAKE_CURRENT_LIST_DIR}/interceptqueue.cpp ${CMAKE_CURRENT_LIST_DIR}/interceptqueue.h
    ${CMAKE_CURRENT_LIST_DIR}/javareturnwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/javareturnwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpendpointrewriter.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpendpointrewriter.h
    ${CMAKE_CURRENT_LIST_DIR}/jrmpactions.cpp ${CMAKE_CURRENT_LIST_DIR}/jrmpactions.h
    ${CMAKE_CURRENT_LIST_DIR}/messagegate.cpp ${CMAKE_CURRENT_LIST_DIR}/messagegate.h
    ${CMAKE_CURRENT_LIST_DIR}/messagerelay.cpp ${CMAKE_CURRENT_LIST_DIR}/messagerelay.h
    ${CMAKE_CURRENT_LIST_DIR}/protocolactions.cpp ${CMAKE_CURRENT_LIST_DIR}/protocolactions.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroactions.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroactions.h
    ${CMAKE_CURRENT_LIST_DIR}/pyrobinarywalkers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyroendpointedits.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroendpointedits.h
    ${CMAKE_CURRENT_LIST_DIR}/pyroendpointrewriter.cpp ${CMAKE_CURRENT_LIST_DIR}/pyroendpointrewriter.h
    ${CMAKE_CURRENT_LIST_DIR}/pyropayloadwalkers.h
    ${CMAKE_CURRENT_LIST_DIR}/pyropickleliterals.cpp ${CMAKE_CURRENT_LIST_DIR}/pyropickleliterals.h
    ${CMAKE_CURRENT_LIST_DIR}/pyropicklewalker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pyrotextwalkers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ruleload.cpp ${CMAKE_CURRENT_LIST_DIR}/ruleload.h
    ${CMAKE_CURRENT_LIST_DIR}/valuepath.cpp ${CMAKE_CURRENT_LIST_DIR}/valuepath.h
    ${CMAKE_CURRENT_LIST_DIR}/xmlrpcactions.cpp ${CMAKE_CURRENT_LIST_DIR}/xmlrpcactions.h
)
