# Reading captures (pcap/pcapng via libpcap), decoding frames to TCP segments, TCP reassembly, and writing captures.
target_sources(rpcscope_capture PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/capturestats.cpp ${CMAKE_CURRENT_LIST_DIR}/capturestats.h
    ${CMAKE_CURRENT_LIST_DIR}/packetdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/packetdecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/packetprocessor.cpp ${CMAKE_CURRENT_LIST_DIR}/packetprocessor.h
    ${CMAKE_CURRENT_LIST_DIR}/paralleltrafficdecoder.cpp ${CMAKE_CURRENT_LIST_DIR}/paralleltrafficdecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/pcapfilesource.cpp ${CMAKE_CURRENT_LIST_DIR}/pcapfilesource.h
    ${CMAKE_CURRENT_LIST_DIR}/pcapwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/pcapwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/recordedcalls.cpp ${CMAKE_CURRENT_LIST_DIR}/recordedcalls.h
    ${CMAKE_CURRENT_LIST_DIR}/tcpreassembler.cpp ${CMAKE_CURRENT_LIST_DIR}/tcpreassembler.h
    ${CMAKE_CURRENT_LIST_DIR}/tcpsegment.cpp ${CMAKE_CURRENT_LIST_DIR}/tcpsegment.h
    ${CMAKE_CURRENT_LIST_DIR}/tcpsynthesizer.cpp ${CMAKE_CURRENT_LIST_DIR}/tcpsynthesizer.h
)
