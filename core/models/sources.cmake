# Item models and the call store behind the GUI: Qt Core only (QAbstractItemModel lives there).
target_sources(rpcscope_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/byterange.h
    ${CMAKE_CURRENT_LIST_DIR}/callentry.cpp ${CMAKE_CURRENT_LIST_DIR}/callentry.h
    ${CMAKE_CURRENT_LIST_DIR}/callfilter.cpp ${CMAKE_CURRENT_LIST_DIR}/callfilter.h
    ${CMAKE_CURRENT_LIST_DIR}/callfilterparser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/calllistmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/calllistmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/callrebuild.cpp ${CMAKE_CURRENT_LIST_DIR}/callrebuild.h
    ${CMAKE_CURRENT_LIST_DIR}/callrecord.cpp ${CMAKE_CURRENT_LIST_DIR}/callrecord.h
    ${CMAKE_CURRENT_LIST_DIR}/callsort.cpp ${CMAKE_CURRENT_LIST_DIR}/callsort.h
    ${CMAKE_CURRENT_LIST_DIR}/callstatistics.cpp ${CMAKE_CURRENT_LIST_DIR}/callstatistics.h
    ${CMAKE_CURRENT_LIST_DIR}/callstore.cpp ${CMAKE_CURRENT_LIST_DIR}/callstore.h
    ${CMAKE_CURRENT_LIST_DIR}/decodetreemodel.cpp ${CMAKE_CURRENT_LIST_DIR}/decodetreemodel.h
    ${CMAKE_CURRENT_LIST_DIR}/fieldcounterpart.cpp ${CMAKE_CURRENT_LIST_DIR}/fieldcounterpart.h
    ${CMAKE_CURRENT_LIST_DIR}/messagetext.cpp ${CMAKE_CURRENT_LIST_DIR}/messagetext.h
    ${CMAKE_CURRENT_LIST_DIR}/methodstatsmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/methodstatsmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/packedbytes.cpp ${CMAKE_CURRENT_LIST_DIR}/packedbytes.h
    ${CMAKE_CURRENT_LIST_DIR}/regexprefix.cpp ${CMAKE_CURRENT_LIST_DIR}/regexprefix.h
    ${CMAKE_CURRENT_LIST_DIR}/samplecaptures.cpp ${CMAKE_CURRENT_LIST_DIR}/samplecaptures.h
    ${CMAKE_CURRENT_LIST_DIR}/stringpool.cpp ${CMAKE_CURRENT_LIST_DIR}/stringpool.h
    ${CMAKE_CURRENT_LIST_DIR}/walkthroughsteps.cpp ${CMAKE_CURRENT_LIST_DIR}/walkthroughsteps.h
    ${CMAKE_CURRENT_LIST_DIR}/walkthroughtours.cpp ${CMAKE_CURRENT_LIST_DIR}/walkthroughtours.h
)
# Help → Samples, the walkthrough and `rpcscope-cli explain --tour` find the sample captures here when run from a
# build tree (samplecaptures.cpp).
set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/samplecaptures.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             RPCSCOPE_SAMPLES_SOURCE_DIR="${PROJECT_SOURCE_DIR}/resources/samples")
